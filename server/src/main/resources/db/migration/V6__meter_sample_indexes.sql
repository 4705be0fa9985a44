-- Each meter-sample index is written at random places on every commit (samples of thousands of
-- transactions interleave), which is most of the cost of storing them. Samples are read per
-- transaction; the per-station index served no query and is dropped.
DROP INDEX meter_sample_station;
