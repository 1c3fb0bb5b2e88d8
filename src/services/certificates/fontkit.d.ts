// Minimal typing of fontkit (pdfkit's own font engine, no published types): only what pdf.ts uses.
declare module 'fontkit' {
  /** Parses a TrueType/OpenType font; pdfkit accepts the result wherever it accepts a font file. */
  export function create(
    buffer: Uint8Array,
    postscriptName?: string,
  ): {
    readonly postscriptName: string;
    /** Every code point the font maps to a glyph. */
    readonly characterSet: number[];
    layout(text: string): unknown;
    glyphForCodePoint(codePoint: number): unknown;
  };
}
