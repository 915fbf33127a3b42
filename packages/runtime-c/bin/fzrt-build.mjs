#!/usr/bin/env node
import { main } from "../build.mjs";
process.exitCode = await main(process.argv.slice(2));
