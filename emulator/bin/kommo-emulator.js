#!/usr/bin/env node
"use strict";

// The emulator is written in TypeScript; this runs the build output (npm run build).
const { runCli } = require("../../dist/emulator/cli.js");

runCli(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`kommo-emulator: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
