#!/usr/bin/env node
// The TypeScript checker's verdict for every mutant of a Stryker JSON report, in minutes instead
// of hours, so a triage run (no checker: both cores run tests) can be scored as a checked run is.
//
//   node scripts/mutation-typecheck.js reports/mutation/focus-cidr.json [more reports...]
//
// Stryker's own checker rebuilds the whole program for each group of mutants and, on 2 cores,
// takes one of the two: about 17 mutants a minute over src/core, where triage tests 60 and more.
// This asks TypeScript's language service instead. Each mutant is written into its file in
// memory; the file is type-checked, and so is every file of the program that imports it whenever
// the mutant changes what the file declares (its declaration output differs), since only then can
// an importer break. Options are Stryker's: the project's, with unreachable code and unused names
// allowed (@stryker-mutator/typescript-checker, tsconfig-helpers.js).
//
// Prints, per source file and in total, the score with the mutants that do not compile left out
// of both sides (Stryker's rule for a CompileError), and the survivors that do compile, which are
// the ones a test or an equivalence note must answer. Reports are read, never changed.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const reports = process.argv.slice(2);
if (reports.length === 0 || reports.some((r) => !fs.existsSync(r))) {
  console.error('usage: mutation-typecheck.js <stryker json report>... (every report must exist)');
  process.exit(2);
}

/**
 * One language service per tsconfig (the core's or the renderers', stryker/tsconfig.*.json) and
 * scope: `lean` holds only the sources (and no jest typings), which makes
 * rebuilding it for each mutant four times faster; the whole program, tests included, is asked
 * only about a mutant that changes what its file declares.
 */
const services = new Map();
function serviceFor(file, lean) {
  const core = file.startsWith('src/core/');
  const tsconfig = path.join(ROOT, 'stryker', core ? 'tsconfig.core.json' : 'tsconfig.renderers.json');
  const key = `${tsconfig}:${lean}`;
  let service = services.get(key);
  if (service) return service;
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  const fileNames = lean ? parsed.fileNames.filter((f) => f.startsWith(path.join(ROOT, 'src') + path.sep)) : parsed.fileNames;
  const options = {
    ...parsed.options,
    ...(lean ? { types: ['node'] } : {}),
    allowUnreachableCode: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    inlineSourceMap: false,
  };
  const texts = new Map();
  const versions = new Map();
  // The program is rebuilt for every mutant: what is on disk is read once (reading it each time
  // was most of the run).
  const cached = (fn) => {
    const memo = new Map();
    return (f) => {
      if (!memo.has(f)) memo.set(f, fn(f));
      return memo.get(f);
    };
  };
  const readDisk = cached((f) => ts.sys.readFile(f));
  const diskSnapshot = cached((f) => {
    const text = readDisk(f);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  });
  const host = {
    getScriptFileNames: () => fileNames,
    getScriptVersion: (f) => String(versions.get(f) ?? 0),
    getScriptSnapshot: (f) => (texts.has(f) ? ts.ScriptSnapshot.fromString(texts.get(f)) : diskSnapshot(f)),
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: cached((f) => ts.sys.fileExists(f)),
    readFile: (f) => (texts.has(f) ? texts.get(f) : readDisk(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: cached((f) => ts.sys.directoryExists(f)),
    getDirectories: ts.sys.getDirectories,
  };
  const ls = ts.createLanguageService(host, ts.createDocumentRegistry());
  const setText = (f, text) => {
    if (text === undefined) texts.delete(f);
    else texts.set(f, text);
    versions.set(f, (versions.get(f) ?? 0) + 1);
  };
  service = { ls, setText, files: fileNames };
  services.set(key, service);
  return service;
}

const errorsOf = (ls, f) => [...ls.getSyntacticDiagnostics(f), ...ls.getSemanticDiagnostics(f)].filter((d) => d.category === ts.DiagnosticCategory.Error);
const declarationOf = (ls, f) => ls.getEmitOutput(f, true).outputFiles.map((o) => o.text).join('\n');

/** Files of the program that import `file` directly. */
function importersOf(service, file) {
  const program = service.ls.getProgram();
  const target = path.resolve(file).replace(/\.ts$/, '');
  return service.files.filter((f) => {
    const source = program.getSourceFile(f);
    if (!source || f === file) return false;
    return source.statements.some((s) => {
      const spec = (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      return spec !== undefined && spec.startsWith('.') && path.resolve(path.dirname(f), spec).replace(/\.ts$/, '') === target;
    });
  });
}

const scoreOf = (killed, survived) => (killed + survived === 0 ? 'none (no mutant compiles)' : `${((100 * killed) / (killed + survived)).toFixed(2)}%`);

function offsetOf(text, { line, column }) {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

const total = { killed: 0, survived: 0, notCompiling: 0, killedNotCompiling: 0, survivedNotCompiling: 0, left: 0 };
for (const report of reports) {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  for (const [relative, entry] of Object.entries(json.files)) {
    const file = path.join(ROOT, relative);
    if (fs.readFileSync(file, 'utf8') !== entry.source) {
      console.log(`${relative}: changed since ${report}; run it again first (locations would be wrong)`);
      continue;
    }
    const service = serviceFor(relative, true);
    const whole = serviceFor(relative, false);
    const started = Date.now();
    const baseline = errorsOf(service.ls, file);
    if (baseline.length) throw new Error(`${relative} does not compile as it is: ${ts.flattenDiagnosticMessageText(baseline[0].messageText, ' ')}`);
    const declaration = declarationOf(service.ls, file);
    const importers = importersOf(service, file);
    const testImporters = importersOf(whole, file).filter((f) => !service.files.includes(f));
    for (const f of importers) if (errorsOf(service.ls, f).length) throw new Error(`${f} does not compile as it is: ${ts.flattenDiagnosticMessageText(errorsOf(service.ls, f)[0]?.messageText ?? "", " ")}`);
    for (const f of testImporters) if (errorsOf(whole.ls, f).length) throw new Error(`${f} does not compile as it is: ${ts.flattenDiagnosticMessageText(errorsOf(service.ls, f)[0]?.messageText ?? "", " ")}`);
    const compilesWholly = (text) => {
      whole.setText(file, text);
      const clean = testImporters.every((f) => errorsOf(whole.ls, f).length === 0);
      whole.setText(file, undefined);
      return clean;
    };
    const counts = { killed: 0, survived: 0, killedNotCompiling: 0, survivedNotCompiling: 0, left: 0 };
    const survivors = [];
    for (const mutant of entry.mutants) {
      const killed = mutant.status === 'Killed' || mutant.status === 'Timeout';
      const survived = mutant.status === 'Survived' || mutant.status === 'NoCoverage';
      if (!killed && !survived) {
        counts.left++;
        continue;
      }
      const start = offsetOf(entry.source, mutant.location.start);
      const end = offsetOf(entry.source, mutant.location.end);
      const mutated = entry.source.slice(0, start) + mutant.replacement + entry.source.slice(end);
      service.setText(file, mutated);
      let compiles = errorsOf(service.ls, file).length === 0;
      if (compiles && declarationOf(service.ls, file) !== declaration) compiles = importers.every((f) => errorsOf(service.ls, f).length === 0) && compilesWholly(mutated);
      if (killed) counts[compiles ? 'killed' : 'killedNotCompiling']++;
      else if (compiles) {
        counts.survived++;
        survivors.push(`  ${relative}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} -> ${JSON.stringify(mutant.replacement).slice(0, 80)}`);
      } else counts.survivedNotCompiling++;
    }
    service.setText(file, undefined);
    const score = scoreOf(counts.killed, counts.survived);
    console.log(
      `${relative}: ${counts.killed} killed, ${counts.survived} survived, ${counts.killedNotCompiling + counts.survivedNotCompiling} do not compile ` +
        `(${counts.killedNotCompiling} of them killed, ${counts.survivedNotCompiling} survived), ${counts.left} left out by Stryker; ` +
        `score ${score} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
    for (const line of survivors) console.log(line);
    for (const key of Object.keys(counts)) total[key] += counts[key];
  }
}
total.notCompiling = total.killedNotCompiling + total.survivedNotCompiling;
console.log(
  `total: ${total.killed} killed, ${total.survived} survived, ${total.notCompiling} do not compile, ${total.left} left out by Stryker; ` +
    `score ${scoreOf(total.killed, total.survived)}`,
);
