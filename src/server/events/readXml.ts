// The XML of a push, read with fast-xml-parser: element text kept as text (no guessing at
// numbers: a 19-digit code must not become a float), whitespace around CDATA sections dropped
// and the CDATA content kept byte for byte. A document type declaration is refused: WeChat
// never sends one, and its entities are the classic way to make a parser expand a few bytes
// into gigabytes.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { HttpError } from '../errors/HttpError';

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

const invalidXml = (message: string) => new HttpError(400, 'invalid_xml', message);

/** The elements under `<xml>`, by name; a 400 `invalid_xml` HttpError for anything else. */
export function readXml(text: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw invalidXml('The body declares a document type; WeChat pushes plain <xml>…</xml>.');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw invalidXml(`The body is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`);
  let document: Record<string, unknown>;
  try {
    document = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    // The validator lets a few malformed documents through (an unclosed CDATA after the root) that the parser then refuses.
    throw invalidXml(`The body is not well-formed XML (${error instanceof Error ? error.message : 'unreadable'}).`);
  }
  const root = document.xml;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw invalidXml('The body is XML but not a WeChat push: its root must be <xml> with elements inside.');
  return root as Record<string, unknown>;
}
