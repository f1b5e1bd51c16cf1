/** Types of warp.js for the TypeScript side (the tests and the console's editor check against the page's own math). */
import type { BlendEdge, ProjectionMapping } from '../../../runtime/core/display-protocol.ts';

export type Pt = [number, number];
export type Quad = [Pt, Pt, Pt, Pt];
export type Mat3 = [number, number, number, number, number, number, number, number, number];

export function squareToQuad(q: Quad): Mat3;
export function project(m: Mat3, u: number, v: number): [number, number, number];
export function apply(m: Mat3, u: number, v: number): Pt;
export function invert(m: Mat3): Mat3;
export function fitCorners(screenW: number, screenH: number, picW: number, picH: number): Quad;
export function meshAt(mesh: ProjectionMapping['mesh'], u: number, v: number): Pt;
export function ramp(t: number, curve: number): number;
export function blendAt(blend: { [edge: string]: BlendEdge | undefined }, u: number, v: number): number;
export function warpGrid(
  mapping: ProjectionMapping,
  corners: Quad,
  cols: number,
  rows: number,
): { vertices: Float32Array; indices: Uint32Array };
