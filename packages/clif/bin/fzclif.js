#!/usr/bin/env node
import { main } from "../dist/cli.js";
// Output into a closed pipe (`fzclif run ... | head`) ends quietly.
process.stdout.on("error", () => process.exit(process.exitCode ?? 0));
process.exitCode = await main(process.argv.slice(2));
