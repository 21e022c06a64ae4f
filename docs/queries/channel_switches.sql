-- Where do customers switch channels? Consecutive interactions of one (current) customer on
-- different channels at most 24 hours apart, in the last 90 days, counted from -> to, with the
-- customers involved and the median gap. Change switch_hours and days for other windows.
SELECT from_channel, to_channel, switches, customers, median_gap_hours
FROM channel_switches(switch_hours = 24, days = 90)
ORDER BY switches DESC, from_channel, to_channel
SETTINGS final = 1
