#!/usr/bin/env node
// `npx lentera <command>`: runs the built CLI (building it first when the sources changed).
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildIfNeeded } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
await buildIfNeeded();
await import(pathToFileURL(path.join(root, 'dist', 'cli.js')).href);
