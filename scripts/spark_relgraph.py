#!/usr/bin/env python3
"""Run relgraph on Apache Spark: JSON Lines in, one merged graph out.

Each partition of the input is piped (RDD.pipe, exit codes checked) through

    relgraph extract - --input-format jsonl -f json -o - --threads 1

which writes the partition's partial graph as JSON on stdout. The driver collects the partial
graphs and runs `relgraph merge` on them. Because merging is associative and commutative and
the graph is canonical, the result is byte-for-byte what one `relgraph extract` over the whole
corpus writes, whatever the partitioning.

    SPARK_LOCAL_IP=127.0.0.1 python3 scripts/spark_relgraph.py corpus.jsonl -o out \
        --relgraph "$PWD/target/release/relgraph" --master 'local[2]'

On a cluster, put the relgraph binary at the same absolute path on every worker (or ship it
with --files and use its SparkFiles path) and pass --master (or use spark-submit). A record
relgraph cannot read (bad JSON, no `text`) makes its task exit with status 1, which fails the
job: no partial output is merged silently.
"""

import argparse
import os
import shlex
import subprocess
import sys
import tempfile


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="+", help="JSON Lines files or URLs Spark can read")
    ap.add_argument("-o", "--output", required=True, help="output folder for the merged graph")
    ap.add_argument("--relgraph", required=True,
                    help="absolute path of the relgraph binary (pipe() runs with an empty environment)")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: from spark-submit)")
    ap.add_argument("--partitions", type=int, help="minimum number of input partitions")
    ap.add_argument("--format", default="dot,json", help="formats of the merged graph")
    ap.add_argument("--name", default="graph", help="base name of the output files")
    ap.add_argument("--extract-arg", action="append", default=[],
                    help="extra flag for `relgraph extract` (repeatable), e.g. --extract-arg=--max-evidence=50")
    args = ap.parse_args()
    if not os.path.isabs(args.relgraph):
        ap.error("--relgraph must be an absolute path: RDD.pipe runs it with an empty environment")

    from pyspark import SparkConf, SparkContext  # imported late so --help works without Spark

    conf = (
        SparkConf()
        .setAppName("relgraph")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
    )
    if args.master:
        conf.setMaster(args.master)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        command = [args.relgraph, "extract", "-", "--input-format", "jsonl",
                   "-f", "json", "-o", "-", "--threads", "1", "--quiet", *args.extract_arg]
        lines = sc.textFile(",".join(args.input), minPartitions=args.partitions)
        partials = (
            lines.pipe(" ".join(shlex.quote(c) for c in command), checkCode=True)
            .glom()  # one list of output lines per partition: one JSON graph
            .map(lambda ls: "\n".join(ls) + "\n")
            .collect()
        )
    finally:
        sc.stop()

    with tempfile.TemporaryDirectory(prefix="relgraph-spark-") as tmp:
        paths = []
        for i, graph in enumerate(partials):
            path = os.path.join(tmp, f"part-{i:05d}.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(graph)
            paths.append(path)
        merge = [args.relgraph, "merge", *paths, "-o", args.output,
                 "--name", args.name, "-f", args.format, "--quiet"]
        return subprocess.run(merge).returncode


if __name__ == "__main__":
    sys.exit(main())
