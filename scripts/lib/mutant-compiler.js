// Whether a mutant compiles, asked of TypeScript's language service: the judgement shared by
// scripts/mutation-typecheck.js (the verdicts for a finished report) and
// scripts/mutation-checker.mjs (Stryker's checker during a run).
//
// Stryker's own checker rebuilds the program for each group of mutants: 3.5 s a mutant over
// src/core. Here each mutant is written into its file in memory and only that file is
// type-checked, plus every file that imports it when the mutant changes what the file declares
// (its declaration output differs), since only then can an importer break: 0.05-0.3 s a mutant.
// Options are Stryker's: the project's, with unreachable code and unused names allowed
// (@stryker-mutator/typescript-checker, tsconfig-helpers.js).
const path = require('path');
const ts = require('typescript');

const errorsOf = (ls, f) => [...ls.getSyntacticDiagnostics(f), ...ls.getSemanticDiagnostics(f)].filter((d) => d.category === ts.DiagnosticCategory.Error);
const declarationOf = (ls, f) => ls.getEmitOutput(f, true).outputFiles.map((o) => o.text).join('\n');
const describe = (d) => `${d.file ? `${path.basename(d.file.fileName)}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;

/**
 * One language service for a tsconfig and scope: `lean` holds only the sources under src/ (and no
 * jest typings), which makes rebuilding it for each mutant four times faster; the whole program,
 * tests included, is asked only about a mutant that changes what its file declares.
 */
function createService(root, tsconfig, lean) {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  const fileNames = lean ? parsed.fileNames.filter((f) => f.startsWith(path.join(root, 'src') + path.sep)) : parsed.fileNames;
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
    getCurrentDirectory: () => root,
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
  return { ls, setText, files: fileNames, readDisk };
}

/** Files of the program that import `file` directly. */
function importersOf(service, file) {
  const program = service.ls.getProgram();
  const target = file.replace(/\.ts$/, '');
  return service.files.filter((f) => {
    const source = program.getSourceFile(f);
    if (!source || f === file) return false;
    return source.statements.some((s) => {
      const spec = (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      return spec !== undefined && spec.startsWith('.') && path.resolve(path.dirname(f), spec).replace(/\.ts$/, '') === target;
    });
  });
}

/**
 * A judge of mutants for the program of one tsconfig (stryker/tsconfig.*.json). `judge(file,
 * start, end, replacement)` takes an absolute file name and offsets into the file as it is on disk,
 * and returns undefined when the mutated program compiles, otherwise the first error. A file
 * outside the program, or one that does not compile as it is, is refused with an error: no
 * mutant of it can be judged.
 */
function createMutantCompiler(root, tsconfig) {
  const lean = createService(root, tsconfig, true);
  const whole = createService(root, tsconfig, false);
  const perFile = new Map();

  function prepare(file) {
    let state = perFile.get(file);
    if (state) return state;
    if (!whole.files.includes(file)) throw new Error(`${path.relative(root, file)} is not part of ${path.relative(root, tsconfig)}`);
    const service = lean.files.includes(file) ? lean : whole;
    const baseline = errorsOf(service.ls, file);
    if (baseline.length) throw new Error(`${path.relative(root, file)} does not compile as it is: ${describe(baseline[0])}`);
    const importers = importersOf(service, file);
    const outside = service === lean ? importersOf(whole, file).filter((f) => !lean.files.includes(f)) : [];
    for (const f of importers) {
      const errors = errorsOf(service.ls, f);
      if (errors.length) throw new Error(`${path.relative(root, f)} does not compile as it is: ${describe(errors[0])}`);
    }
    for (const f of outside) {
      const errors = errorsOf(whole.ls, f);
      if (errors.length) throw new Error(`${path.relative(root, f)} does not compile as it is: ${describe(errors[0])}`);
    }
    state = { service, text: service.readDisk(file), declaration: declarationOf(service.ls, file), importers, outside };
    perFile.set(file, state);
    return state;
  }

  function judge(file, start, end, replacement) {
    const { service, text, declaration, importers, outside } = prepare(file);
    const mutated = text.slice(0, start) + replacement + text.slice(end);
    service.setText(file, mutated);
    try {
      const own = errorsOf(service.ls, file);
      if (own.length) return describe(own[0]);
      if (declarationOf(service.ls, file) === declaration) return undefined;
      for (const f of importers) {
        const errors = errorsOf(service.ls, f);
        if (errors.length) return describe(errors[0]);
      }
      if (outside.length === 0) return undefined;
      whole.setText(file, mutated);
      try {
        for (const f of outside) {
          const errors = errorsOf(whole.ls, f);
          if (errors.length) return describe(errors[0]);
        }
        return undefined;
      } finally {
        whole.setText(file, undefined);
      }
    } finally {
      service.setText(file, undefined);
    }
  }

  return { judge, textOf: (file) => prepare(file).text, includes: (file) => whole.files.includes(file) };
}

module.exports = { createMutantCompiler };
