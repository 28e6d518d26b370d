/**
 * Where the GCP synth report goes: stderr. Tests replace `write` to read it. Its own module, with
 * no imports, so the test setup can silence it without loading cdktf into every test file (over
 * 200 ms each, and each mutant run of a mutation test loads it again).
 */
export const synthReportOutput = {
  write(text: string): void {
    process.stderr.write(text);
  },
};
