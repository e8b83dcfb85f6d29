// Loads a relgraph .cyjs file into Cytoscape.js (headless) and prints what it holds as JSON.
// Usage: node load_cyjs.mjs FILE. Used by tests/integration/consumers.rs.
import { readFileSync } from "node:fs";
import cytoscape from "cytoscape";

const doc = JSON.parse(readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, elements: doc.elements });
const out = {
  nodes: cy.nodes().map((n) => ({ id: n.id(), name: n.data("name"), type: n.data("type") })),
  edges: cy.edges().map((e) => ({
    id: e.id(),
    source: e.source().id(),
    target: e.target().id(),
    type: e.data("type"),
    weight: e.data("weight"),
    trigger: (e.data("evidence")[0] || {}).trigger,
  })),
  // Selector styling by type works, as an analyst's stylesheet would use it.
  persons: cy.nodes('[type = "PERSON"]').length,
};
console.log(JSON.stringify(out));
