"""Many filings at once: ``jixiao batch render`` renders a folder of filings in worker processes that
load everything once (render.py), and ``jixiao synth --filings`` writes synthetic filings to measure it
with (synth.py).  A bad filing fails alone; a finished unit is skipped when the run is repeated."""
