/**
 * Derives the runtime schema of the public API (src/core/api-schema.generated.ts) from the
 * TypeScript declarations, with the TypeScript compiler: every public constructor, factory and
 * method of every exported class, the structs (props) they take, transitively, and the library's
 * enums. `npx ts-node --transpile-only scripts/api-schema.ts` rewrites the file; a test fails when
 * the committed file differs from what this produces.
 */
/* eslint-disable no-bitwise -- the compiler's flags are bit sets */
import * as path from 'path';
import * as ts from 'typescript';
import type { ApiSchema, ParamSpec, PropSpec, StructSpec, TypeSpec } from '../../src/core/api-check';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(REPO_ROOT, 'src') + path.sep;
export const SCHEMA_FILE = path.join(REPO_ROOT, 'src', 'core', 'api-schema.generated.ts');

export function generateApiSchema(): ApiSchema {
  const configFile = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.json'), ts.sys.readFile);
  const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, REPO_ROOT);
  const program = ts.createProgram([path.join(REPO_ROOT, 'src', 'index.ts')], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(REPO_ROOT, 'src', 'index.ts'))!;

  // Every exported declaration of ours, by symbol, with its user-facing name (`aws.NatType`).
  const names = new Map<ts.Symbol, string>();
  const visitModule = (moduleSymbol: ts.Symbol, prefix: string) => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (symbol.flags & ts.SymbolFlags.ValueModule && symbol.valueDeclaration && ts.isSourceFile(symbol.valueDeclaration)) {
        visitModule(symbol, `${prefix}${exported.name}.`);
      } else if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.Enum)) {
        if (!isInternal(symbol) && !names.has(symbol)) names.set(symbol, `${prefix}${exported.name}`);
      }
    }
  };
  visitModule(checker.getSymbolAtLocation(index)!, '');

  // Other libraries' types change with their versions; what stays true is whether a value is a
  // construct (IVpc, IKey, IRole...): that much is checked at runtime.
  const constructsModule = program.getSourceFiles().find((f) => /node_modules\/constructs\/lib\/construct\.d\.ts$/.test(f.fileName));
  const iConstruct = constructsModule && checker.getSymbolAtLocation(constructsModule)?.exports?.get('IConstruct' as ts.__String);
  const iConstructType = iConstruct ? checker.getDeclaredTypeOfSymbol(iConstruct) : undefined;
  if (!iConstructType) throw new Error('constructs.IConstruct not found');
  const isConstructType = (type: ts.Type) => checker.isTypeAssignableTo(type, iConstructType);

  const structs: Record<string, StructSpec> = {};
  const enums: Record<string, Record<string, string | number>> = {};
  const callables: Record<string, ParamSpec[]> = {};
  const pending: Array<[string, ts.Type]> = [];

  const isOurs = (symbol: ts.Symbol | undefined) => !!symbol?.declarations?.some((d) => d.getSourceFile().fileName.startsWith(SRC.split(path.sep).join('/')) || path.normalize(d.getSourceFile().fileName).startsWith(SRC));

  const enumOf = (type: ts.Type): ts.Symbol | undefined => {
    if (type.flags & ts.TypeFlags.EnumLiteral && type.symbol) {
      return type.symbol.flags & ts.SymbolFlags.EnumMember ? parentOf(type.symbol) : type.symbol;
    }
    if (type.isUnion() && type.types.every((t) => t.flags & ts.TypeFlags.EnumLiteral)) return parentOf(type.types[0].symbol);
    return undefined;
  };

  const specOf = (rawType: ts.Type, where: string): TypeSpec => {
    const type = checker.getNonNullableType(rawType);
    const enumSymbol = enumOf(type);
    if (enumSymbol) {
      if (isOurs(enumSymbol)) {
        const name = names.get(enumSymbol);
        if (!name) throw new Error(`${where}: enum ${enumSymbol.name} is used in the public API but not exported`);
        if (!enums[name]) {
          const members: Record<string, string | number> = {};
          for (const member of checker.getExportsOfModule(enumSymbol)) {
            const value = checker.getConstantValue(member.valueDeclaration as ts.EnumMember);
            if (value !== undefined) members[member.name] = value;
          }
          enums[name] = members;
        }
        return { k: 'enum', name };
      }
      const sample = type.isUnion() ? type.types[0] : type;
      return { k: 'extEnum', name: enumSymbol.name, primitive: sample.flags & ts.TypeFlags.StringLiteral ? 'string' : 'number' };
    }
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)));
      if (members.length > 0 && members.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return { k: 'boolean' };
      if (members.length === 1) return specOf(members[0], where);
      throw new Error(`${where}: union type ${checker.typeToString(type)} is not allowed in the public API (jsii)`);
    }
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { k: 'any' };
    if (type.flags & ts.TypeFlags.StringLike) return { k: 'string' };
    if (type.flags & ts.TypeFlags.NumberLike) return { k: 'number' };
    if (type.flags & ts.TypeFlags.BooleanLike) return { k: 'boolean' };
    if (checker.isArrayType(type) || checker.isTupleType(type)) return { k: 'array', of: specOf(checker.getTypeArguments(type as ts.TypeReference)[0], `${where}[]`) };
    const stringIndex = type.getStringIndexType();
    if (stringIndex && type.getProperties().length === 0) return { k: 'map', of: specOf(stringIndex, `${where}{}`) };
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol) throw new Error(`${where}: cannot describe type ${checker.typeToString(type)}`);
    if (isOurs(symbol)) {
      const name = names.get(symbol);
      if (!name) throw new Error(`${where}: ${symbol.name} is used in the public API but not exported from the package`);
      if (isStruct(symbol)) {
        if (!(name in structs) && !pending.some(([n]) => n === name)) pending.push([name, type]);
        return { k: 'struct', name };
      }
      const methods = type
        .getProperties()
        .filter((p) => !isInternal(p) && p.declarations?.some(isRequiredPublicMethod))
        .map((p) => p.name)
        .sort();
      return methods.length > 0 ? { k: 'object', name: symbol.name, methods } : { k: 'object', name: symbol.name };
    }
    return isConstructType(type) ? { k: 'object', name: symbol.name, construct: true } : { k: 'object', name: symbol.name };
  };

  const paramsOf = (signature: ts.Signature, where: string): ParamSpec[] =>
    signature.getParameters().map((param) => {
      const declaration = param.valueDeclaration as ts.ParameterDeclaration;
      const type = checker.getTypeOfSymbolAtLocation(param, declaration);
      const spec: ParamSpec = {
        name: param.name,
        type: specOf(type, `${where}(${param.name})`),
        optional: !!declaration.questionToken || !!declaration.initializer || !!declaration.dotDotDotToken,
      };
      return declaration.dotDotDotToken ? { ...spec, variadic: true } : spec;
    });

  for (const [symbol, name] of [...names].sort(([, a], [, b]) => a.localeCompare(b))) {
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    const declaration = symbol.valueDeclaration as ts.ClassDeclaration;
    const classType = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    const constructor = declaration.members.find(ts.isConstructorDeclaration);
    if (constructor && !isPrivate(constructor) && !isInternalNode(constructor)) {
      callables[`${name}.new`] = paramsOf(checker.getSignatureFromDeclaration(constructor)!, `${name}.new`);
    }
    const instanceType = checker.getDeclaredTypeOfSymbol(symbol);
    const members: Array<[ts.Symbol, ts.Type]> = [
      ...classType.getProperties().map((p): [ts.Symbol, ts.Type] => [p, classType]),
      ...instanceType.getProperties().map((p): [ts.Symbol, ts.Type] => [p, instanceType]),
    ];
    for (const [member] of members) {
      const method = member.declarations?.find((d): d is ts.MethodDeclaration => ts.isMethodDeclaration(d));
      if (!method || isPrivate(method) || isInternal(member) || member.name.startsWith('_')) continue;
      if (!isOurs(member)) continue;
      callables[`${name}.${member.name}`] = paramsOf(checker.getSignatureFromDeclaration(method)!, `${name}.${member.name}`);
    }
  }

  while (pending.length > 0) {
    const [name, type] = pending.shift()!;
    const props: Record<string, PropSpec> = {};
    let open = false;
    for (const prop of checker.getPropertiesOfType(type)) {
      const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
      if (!declaration || isInternal(prop)) continue;
      const optional = !!(prop.flags & ts.SymbolFlags.Optional);
      if (!isOurs(prop)) {
        // Another library's prop (a stack's `env`): its type is that library's to check, and may
        // change with its version.
        open = true;
        props[prop.name] = { type: { k: 'any' }, optional };
        continue;
      }
      const propType = checker.getTypeOfSymbolAtLocation(prop, declaration);
      props[prop.name] = { type: specOf(propType, `${name}.${prop.name}`), optional };
    }
    structs[name] = { props: sortKeys(props), open };
  }

  return { structs: sortKeys(structs), enums: sortKeys(enums), callables: sortKeys(callables) };

  function isStruct(symbol: ts.Symbol): boolean {
    if (!(symbol.flags & ts.SymbolFlags.Interface) || /^I[A-Z]/.test(symbol.name)) return false;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    return type.getProperties().every((p) => !p.declarations?.some((d) => ts.isMethodSignature(d)));
  }
}

function isRequiredPublicMethod(d: ts.Declaration): boolean {
  return (ts.isMethodDeclaration(d) || ts.isMethodSignature(d)) && !d.questionToken && !isPrivate(d);
}

function parentOf(symbol: ts.Symbol): ts.Symbol | undefined {
  return (symbol as ts.Symbol & { parent?: ts.Symbol }).parent;
}

function isInternal(symbol: ts.Symbol): boolean {
  return !!symbol.declarations?.some(isInternalNode);
}

function isInternalNode(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');
}

function isPrivate(node: ts.Node): boolean {
  const flags = ts.getCombinedModifierFlags(node as ts.Declaration);
  return !!(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The generated file's text. */
export function renderApiSchema(schema: ApiSchema): string {
  return [
    '// Generated by scripts/api-schema.ts from the TypeScript declarations of the public API: never edit by hand.',
    '// Regenerate with `npx ts-node --transpile-only scripts/api-schema.ts`; test/api-schema-fresh.test.ts fails when stale.',
    '/* eslint-disable */',
    "import type { ApiSchema } from './api-check';",
    '',
    `export const API_SCHEMA: ApiSchema = ${compactJson(schema)};`,
    '',
  ].join('\n');
}

/** JSON with one line per prop, parameter list and enum: readable in a diff. */
function compactJson(schema: ApiSchema): string {
  const block = (entries: string[], indent: string) => `{\n${entries.map((e) => `${indent}  ${e}`).join(',\n')}\n${indent}}`;
  const structs = Object.entries(schema.structs).map(
    ([name, struct]) =>
      `${JSON.stringify(name)}: { "open": ${struct.open}, "props": ${block(
        Object.entries(struct.props).map(([prop, spec]) => `${JSON.stringify(prop)}: ${JSON.stringify(spec)}`),
        '    ',
      )} }`,
  );
  const enums = Object.entries(schema.enums).map(([name, members]) => `${JSON.stringify(name)}: ${JSON.stringify(members)}`);
  const callables = Object.entries(schema.callables).map(([name, params]) => `${JSON.stringify(name)}: ${JSON.stringify(params)}`);
  return block([`"structs": ${block(structs, '  ')}`, `"enums": ${block(enums, '  ')}`, `"callables": ${block(callables, '  ')}`], '');
}
