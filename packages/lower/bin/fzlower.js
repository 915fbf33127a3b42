#!/usr/bin/env node
// The bundle of dist/cli.js (build-bin.mjs): one file loads much faster than the library's modules.
import { main } from "../dist/fzlower.bundle.js";
process.exitCode = await main(process.argv.slice(2));
