"""Stage 8, a run: settings -> results for many letters -> exit status.

In: the command line's values and the configuration file. Out: each letter's result in input
order, checked in this process, a process pool or a Dask cluster, through the result cache;
`session` takes one run from settings to exit status.
"""
