-- Where do customers switch channels? Consecutive interactions of one (current) customer on
-- different channels at most 24 hours apart, counted from -> to, with the customers involved
-- and the median gap. Change switch_hours for another window.
SELECT from_channel, to_channel, switches, customers, median_gap_hours
FROM channel_switches(switch_hours = 24)
ORDER BY switches DESC, from_channel, to_channel
SETTINGS final = 1
