#!/usr/bin/env node
// The published `mailsmith` executable: everything else lives in run(), which tests call in-process.
import { run } from './index.js';

process.exitCode = await run(process.argv.slice(2));
