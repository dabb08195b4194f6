#!/usr/bin/env python3
"""Run Cistron on Spark: one task per shard, each piping through the binary.

The driver lists the shards (files or folders Cistron reads: WARC, JSONL,
HTML, text, gzip or zstd), makes one partition per shard with
``parallelize(paths, len(paths))``, and ``RDD.pipe`` hands each task's path
to ``cistron run --files-from -``, whose standard output (one JSON record per
document, error records in-band) becomes the task's output lines. Records
come back in shard order, so the output is the same as one ``cistron run``
over the same paths.

Cistron exits 1 when some documents became error records (they are in the
output) and 2 on a real failure; the wrapper lets 0 and 1 through and fails
the task on anything else, so Spark retries what deserves a retry.

Local test:   python3 cistron_spark.py --master 'local[2]' --out out/ shards/*
On a cluster: spark-submit --master yarn --files target/release/cistron \\
                  cistron_spark.py --binary ./cistron --out hdfs:///records shards/
(the binary must be on every executor: ship it with --files, or install it
at the same path on each node; shard paths must be readable there too, as
on a shared file system.)
"""
import argparse
import os
import shlex
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", help="shards: files or folders")
    ap.add_argument("--binary", default="cistron", help="the cistron binary on the executors")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--out", help="write records with saveAsTextFile here; default: print them")
    ap.add_argument("--jobs", type=int, default=1, help="cistron threads per task (Spark runs tasks in parallel already)")
    args = ap.parse_args()

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("cistron")
    if args.master:
        conf = conf.setMaster(args.master)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        # Executors may not share the driver's working directory.
        paths = [os.path.abspath(p) for p in args.paths]
        command = f"{shlex.quote(args.binary)} run -q -j {args.jobs} --files-from -"
        # RDD.pipe splits a string command with shlex.
        wrapped = "/bin/sh -c " + shlex.quote(f"{command}; s=$?; [ $s -le 1 ]")
        records = sc.parallelize(paths, len(paths)).pipe(wrapped, checkCode=True)
        if args.out:
            records.saveAsTextFile(args.out)
        else:
            out = sys.stdout
            for line in records.collect():
                out.write(line + "\n")
    finally:
        sc.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
