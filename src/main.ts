#!/usr/bin/env node
import { runCommandLine } from './cli/command-line';
import { keepCreatedFilesPrivate } from './infrastructure/private-files';

// Before any thread starts: the event writer thread creates the log's files.
keepCreatedFilesPrivate();

void runCommandLine(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});
