#!/usr/bin/env node
"use strict";
// The CLI is written in TypeScript under cli/; `npm run build` compiles it to dist/, which the package ships.
require("../dist/cli/main.js").main();
