import { readdir, readFile, readlink } from 'node:fs/promises';
import type { ProcFs } from './kubelet-finder.ts';

/** The real /proc (the host's, in a pod with hostPID). */
export const hostProc: ProcFs = {
  readFile: (p) => readFile(p, 'utf8'),
  readdir: (p) => readdir(p),
  readlink: (p) => readlink(p),
};
