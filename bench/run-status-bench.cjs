#!/usr/bin/env node
/* Compiles and runs the status round-trip benchmark on this Node (Node 24 under npm). */
const { compileBench } = require('./compile-bench.cjs');

require(compileBench('status-bench'));
