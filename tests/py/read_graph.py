"""Load a relgraph output with networkx's own reader and print what it read as JSON.

Usage: read_graph.py FORMAT PATH, FORMAT one of json, graphml, gexf, cyjs. Prints
{"networkx": version, "directed", "multigraph", "nodes": {id: attrs}, "edges": [[u, v, key, attrs]],
"undirected": [edge ids]} ("undirected": GraphML and GEXF only).
Used by the Rust integration tests (tests/integration/consumers.rs).

relgraph writes symmetric relations as undirected edges: in a graph of both kinds, per edge
(GEXF `type="undirected"`, GraphML `directed="false"`), which networkx's readers refuse ("does
not support mixed graphs"). So the edges' directions are read here from the XML, listed as
"undirected", and taken off (the graph made directed) before networkx reads the rest.
"""
import io
import json
import sys
import xml.etree.ElementTree as ET

import networkx as nx



def edges(g):
    if g.is_multigraph():
        return [[str(u), str(v), str(k), d] for u, v, k, d in g.edges(keys=True, data=True)]
    # A simple graph (networkx's GEXF reader without parallel edges): the edge id is data["id"].
    return [[str(u), str(v), str(d.pop("id", "")), d] for u, v, d in g.edges(data=True)]


NS = {"gexf": "http://gexf.net/1.3", "graphml": "http://graphml.graphdrawing.org/xmlns"}


def without_directions(fmt, path):
    """The file as a directed graph, and the ids of the edges it marks undirected."""
    ET.register_namespace("", NS[fmt])
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.parse(path).getroot()
    graph = root.find(f"{{{NS[fmt]}}}graph")
    default_attr, edge_attr = {
        "gexf": ("defaultedgetype", "type"),
        "graphml": ("edgedefault", "directed"),
    }[fmt]
    default_undirected = graph.get(default_attr) == "undirected"
    graph.set(default_attr, "directed")
    undirected = []
    for e in graph.iter(f"{{{NS[fmt]}}}edge"):
        marker = e.attrib.pop(edge_attr, None)
        if marker is None:
            und = default_undirected
        else:
            und = marker in ("undirected", "false")
        if und:
            undirected.append(e.get("id"))
    return io.BytesIO(ET.tostring(root, encoding="utf-8", xml_declaration=True)), sorted(undirected)


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    undirected = None
    if fmt in ("gexf", "graphml"):
        path, undirected = without_directions(fmt, path)
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
    if undirected is not None:
        out["undirected"] = undirected
    json.dump(out, sys.stdout, ensure_ascii=False)


main()
