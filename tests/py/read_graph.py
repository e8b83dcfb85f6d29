"""Load a relgraph output with networkx's own reader and print what it read as JSON.

Usage: read_graph.py FORMAT PATH, FORMAT one of json, graphml, gexf, cyjs. Prints
{"networkx": version, "directed", "multigraph", "nodes": {id: attrs}, "edges": [[u, v, key, attrs]]}.
Used by the Rust integration tests (tests/integration/consumers.rs).
"""
import json
import sys

import networkx as nx



def edges(g):
    if g.is_multigraph():
        return [[str(u), str(v), str(k), d] for u, v, k, d in g.edges(keys=True, data=True)]
    # A simple graph (networkx's GEXF reader without parallel edges): the edge id is data["id"].
    return [[str(u), str(v), str(d.pop("id", "")), d] for u, v, d in g.edges(data=True)]


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    if fmt == "json":
        with open(path, encoding="utf-8") as f:
            g = nx.node_link_graph(json.load(f))
    elif fmt == "graphml":
        g = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        g = nx.read_gexf(path)
    elif fmt == "cyjs":
        with open(path, encoding="utf-8") as f:
            g = nx.cytoscape_graph(json.load(f))
    else:
        raise SystemExit(f"unknown format {fmt}")
    out = {
        "networkx": nx.__version__,
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "graph": {k: v for k, v in g.graph.items() if isinstance(v, (str, int, float, bool))},
        "nodes": {str(n): d for n, d in g.nodes(data=True)},
        "edges": sorted(edges(g), key=lambda e: (e[0], e[1], e[2])),
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


main()
