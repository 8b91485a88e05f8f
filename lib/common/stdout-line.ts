/**
 * The default writer of the console exporters. They write to process.stdout,
 * not console.log: with the console bridge on, console output becomes log
 * records, and an exporter printing through it would feed itself.
 */
export function writeStdoutLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
