/**
 * @marina/go-runtime — the pieces of Go's runtime and standard library that the emulations share,
 * one implementation each: the value model (`value/`), reflect-like helpers, fmt, strconv (float
 * formatting, literals, quoting), unicode, time, encoding/json, DER/X.509/PEM and crypto/rand
 * (`crypto/`), Masterminds semver, and tar/gzip archives with hostile-input limits (`archive/`).
 * See README.md.
 *
 * Exports are `export import` aliases: tsc emits them as plain data properties of this module's
 * exports, where `export … from` would emit getters; other libraries call these functions on hot
 * paths, and a getter call per access is measurable in the one-shot CLI, which runs without V8's
 * optimising compilers.
 */
import './time/go-time.methods'; // registers time.Time's template-visible methods on GoTime
import valuesModule = require('./value/values');
import goTypesModule = require('./value/go-types');
import goReflectModule = require('./value/go-reflect');
import goFmtFormatModule = require('./fmt/go-fmt.format');
import goLiteralsParseModule = require('./strconv/go-literals.parse');
import goQuoteModule = require('./strconv/go-quote');
import goUnicodeModule = require('./unicode/go-unicode');
import goLocationModule = require('./time/go-location');
import goTimeFormatModule = require('./time/go-time.format');
import goTimeParseModule = require('./time/go-time.parse');
import goJsonModule = require('./json/go-json');
import jsonTreeModule = require('./json/json-tree');
import jsonUnmarshalModule = require('./json/json-unmarshal');
import goFloatFormatModule = require('./strconv/go-float.format');
import semverModule = require('./semver/semver');
import derModule = require('./crypto/der');
import x509CertsModule = require('./crypto/x509.certs');
import secureRandomModule = require('./crypto/secure-random');
import lazyBuiltinsModule = require('./lazy-builtins');
import archiveErrorModule = require('./archive/archive-error');
import archiveLimitsModule = require('./archive/archive-limits');
import archivePathModule = require('./archive/archive-path');
import archiveLazyModule = require('./archive/archive.lazy');
import topDirectoryModule = require('./archive/top-directory');

// value/values
export import GO_TYPE = valuesModule.GO_TYPE;
export import GO_METHODS = valuesModule.GO_METHODS;
export import GO_CONTEXT_FUNC = valuesModule.GO_CONTEXT_FUNC;
export import GO_CAP = valuesModule.GO_CAP;
export import isUnsignedKind = valuesModule.isUnsignedKind;
export import wrapInt = valuesModule.wrapInt;
export import GoInt = valuesModule.GoInt;
export import GoComplex = valuesModule.GoComplex;
export import GoBytes = valuesModule.GoBytes;
export import GoTime = valuesModule.GoTime;
export import GoPtr = valuesModule.GoPtr;
export import GoNil = valuesModule.GoNil;
export import GoChan = valuesModule.GoChan;
export import GoMap = valuesModule.GoMap;
export import GoStruct = valuesModule.GoStruct;
export import tagGoType = valuesModule.tagGoType;
export import defineGoMethods = valuesModule.defineGoMethods;
export import isUntaggedMap = valuesModule.isUntaggedMap;
export import goTypeTag = valuesModule.goTypeTag;
export import goMethodsTag = valuesModule.goMethodsTag;
export import goFunc = valuesModule.goFunc;
export import contextFunc = valuesModule.contextFunc;
export import isPlainMap = valuesModule.isPlainMap;
export import newGoMap = valuesModule.newGoMap;
export import mapGet = valuesModule.mapGet;
export import mapHas = valuesModule.mapHas;
export import mapSet = valuesModule.mapSet;
export import sortedKeys = valuesModule.sortedKeys;
export import compareStrings = valuesModule.compareStrings;
export type {
  GoFunction,
  GoValue,
  GoMapObject,
  IntKind,
  GoLocation,
  GoCell,
  GoMapKey,
  GoMethodTable,
  GoMethod,
  GoStructClass,
  ExecContextLike,
} from './value/values';

// value/go-types
export import ANY = goTypesModule.ANY;
export import DEFAULT_SIG = goTypesModule.DEFAULT_SIG;
export import VALUE = goTypesModule.VALUE;
export import assignable = goTypesModule.assignable;
export import canBeNil = goTypesModule.canBeNil;
export import isInterfaceType = goTypesModule.isInterfaceType;
export import parseGoType = goTypesModule.parseGoType;
export import registerStruct = goTypesModule.registerStruct;
export import toGoType = goTypesModule.toGoType;
export import typeNameOf = goTypesModule.typeNameOf;
export import typeOfValue = goTypesModule.typeOfValue;
export import typeString = goTypesModule.typeString;
export import zeroValue = goTypesModule.zeroValue;
export type { GoSignature, GoType } from './value/go-types';

// value/go-reflect
export import callMethod = goReflectModule.callMethod;
export import capOf = goReflectModule.capOf;
export import findMethod = goReflectModule.findMethod;
export import indirect = goReflectModule.indirect;
export import indirectInterface = goReflectModule.indirectInterface;
export import intValue = goReflectModule.intValue;
export import isTrue = goReflectModule.isTrue;
export import kindOf = goReflectModule.kindOf;
export import lengthOf = goReflectModule.lengthOf;
export import sliceElemZero = goReflectModule.sliceElemZero;
export import sortedMapEntries = goReflectModule.sortedMapEntries;
export import structHasField = goReflectModule.structHasField;
export import truthValue = goReflectModule.truthValue;
export type { BoundMethod } from './value/go-reflect';

// fmt/go-fmt.format
export import formatValue = goFmtFormatModule.formatValue;
export import sprint = goFmtFormatModule.sprint;
export import sprintf = goFmtFormatModule.sprintf;
export import sprintln = goFmtFormatModule.sprintln;

// strconv/go-literals.parse
export import parseGoFloat = goLiteralsParseModule.parseGoFloat;
export import parseGoInt = goLiteralsParseModule.parseGoInt;
export import parseGoUint = goLiteralsParseModule.parseGoUint;
export import unquoteChar = goLiteralsParseModule.unquoteChar;
export import unquoteGo = goLiteralsParseModule.unquoteGo;

// strconv/go-quote
export import formatRuneU = goQuoteModule.formatRuneU;
export import goQuote = goQuoteModule.goQuote;
export import isGoPrintable = goQuoteModule.isGoPrintable;

// unicode/go-unicode
export import isGoDigit = goUnicodeModule.isGoDigit;
export import isGoLetter = goUnicodeModule.isGoLetter;

// time/go-location
export import UTC = goLocationModule.UTC;
export import inLocation = goLocationModule.inLocation;
export import loadLocation = goLocationModule.loadLocation;
export import localLocation = goLocationModule.localLocation;
export import now = goLocationModule.now;

// time/go-time.format
export import formatDuration = goTimeFormatModule.formatDuration;
export import formatGoTime = goTimeFormatModule.formatGoTime;

// time/go-time.parse
export import parseGoTime = goTimeParseModule.parseGoTime;

// json/go-json
export import jsonQuote = goJsonModule.jsonQuote;
export import jsonTreeText = goJsonModule.jsonTreeText;
export import marshalJSON = goJsonModule.marshalJSON;
export type { MarshalOptions } from './json/go-json';

// json/json-tree
export import JsonMarshalError = jsonTreeModule.JsonMarshalError;
export import JsonNumber = jsonTreeModule.JsonNumber;
export import JsonObject = jsonTreeModule.JsonObject;
export import jsonFloat = jsonTreeModule.jsonFloat;
export import toJsonTree = jsonTreeModule.toJsonTree;
export type { JsonTree, JsonStructClass } from './json/json-tree';

// json/json-unmarshal
export import JsonSyntaxError = jsonUnmarshalModule.JsonSyntaxError;
export import JsonOverflowError = jsonUnmarshalModule.JsonOverflowError;
export import unmarshalJSON = jsonUnmarshalModule.unmarshalJSON;

// strconv/go-float.format
export import formatFloat = goFloatFormatModule.formatFloat;

// semver/semver
export import SemverError = semverModule.SemverError;
export import semverString = semverModule.semverString;
export import parseSemver = semverModule.parseSemver;
export import compareSemver = semverModule.compareSemver;
export import checkConstraint = semverModule.checkConstraint;
export type { Semver } from './semver/semver';

// crypto/der
export import children = derModule.children;
export import integer = derModule.integer;
export import readDer = derModule.readDer;
export import seq = derModule.seq;
export import toBigInt = derModule.toBigInt;

// crypto/x509.certs
export import KeyUsage = x509CertsModule.KeyUsage;
export import createCertificate = x509CertsModule.createCertificate;
export import issuerInfo = x509CertsModule.issuerInfo;
export import pemDecode = x509CertsModule.pemDecode;
export import pemEncode = x509CertsModule.pemEncode;
export type { CertTemplate, ExtKeyUsage, Issuer } from './crypto/x509.certs';

// crypto/secure-random
export import secureRandomBytes = secureRandomModule.secureRandomBytes;
export import secureRandomInt = secureRandomModule.secureRandomInt;

// lazy-builtins
export import nodeCrypto = lazyBuiltinsModule.nodeCrypto;
export import nodeNet = lazyBuiltinsModule.nodeNet;

// archive/archive-error
export import ARCHIVE_ERROR_CODES = archiveErrorModule.ARCHIVE_ERROR_CODES;
export import ArchiveError = archiveErrorModule.ArchiveError;
export type { ArchiveErrorCode } from './archive/archive-error';

// archive/archive-file
export type { ArchiveFile } from './archive/archive-file';

// archive/archive-limits
export import DEFAULT_ARCHIVE_LIMITS = archiveLimitsModule.DEFAULT_ARCHIVE_LIMITS;
export import resolveLimits = archiveLimitsModule.resolveLimits;
export type { ArchiveLimits } from './archive/archive-limits';

// archive/archive-path
export import safeEntryPath = archivePathModule.safeEntryPath;

// archive/archive.lazy
export import readTarGz = archiveLazyModule.readTarGz;
export import readTarGzAsync = archiveLazyModule.readTarGzAsync;
export import writeTar = archiveLazyModule.writeTar;
export import writeTarGz = archiveLazyModule.writeTarGz;

// archive/tar.writer
export type { TarInput, TarWriteOptions } from './archive/tar.writer';

// archive/top-directory
export import stripTopDirectory = topDirectoryModule.stripTopDirectory;
export type { RootedFiles } from './archive/top-directory';
