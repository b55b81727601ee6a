// Pasted sensitive words: one per line, blank lines skipped; each word remembers its line so the server's
// complaint about `words.3` can name the line the user sees.

export interface PastedWords {
  words: string[];
  /** 1-based line number of each word. */
  lines: number[];
}

export function parseWordLines(text: string): PastedWords {
  const words: string[] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const word = line.trim();
    if (word === "") return;
    words.push(word);
    lines.push(i + 1);
  });
  return { words, lines };
}
