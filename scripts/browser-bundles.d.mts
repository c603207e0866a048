import type { BuildOptions } from 'esbuild';

export interface BrowserBundle {
  name: string;
  entry: string;
  sources: string;
  file: string;
}
export const BROWSER_BUNDLES: BrowserBundle[];
export function browserBuildOptions(root: string, bundle: BrowserBundle, outfile: string): BuildOptions;
