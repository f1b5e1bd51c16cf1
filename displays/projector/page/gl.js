// @ts-check
// Small WebGL2 helpers for the display page's warp.

/**
 * @param {WebGL2RenderingContext} gl
 * @param {string} vs
 * @param {string} fs
 */
export function program(gl, vs, fs) {
  const p = /** @type {WebGLProgram} */ (gl.createProgram());
  for (const [type, src] of /** @type {const} */ ([
    [gl.VERTEX_SHADER, vs],
    [gl.FRAGMENT_SHADER, fs],
  ])) {
    const s = /** @type {WebGLShader} */ (gl.createShader(type));
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`);
    gl.attachShader(p, s);
  }
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(p)}`);
  return p;
}

export const WARP_VS = `#version 300 es
in vec3 a_pos;
in vec2 a_uv;
out vec2 v_uv;
void main() {
  v_uv = a_uv;
  gl_Position = vec4(a_pos.xy, 0.0, a_pos.z);
}`;

// the picture, times the edge-blend ramps (each raised to 1/gamma), lifted outside the blends
export const WARP_FS = `#version 300 es
precision highp float;
in vec2 v_uv;
uniform sampler2D u_tex;
uniform vec4 u_width;
uniform vec4 u_curve;
uniform vec4 u_gamma;
uniform float u_lift;
out vec4 o;
float ramp(float t, float p) {
  t = clamp(t, 0.0, 1.0);
  return t < 0.5 ? 0.5 * pow(2.0 * t, p) : 1.0 - 0.5 * pow(2.0 * (1.0 - t), p);
}
void main() {
  vec3 c = texture(u_tex, v_uv).rgb;
  vec4 d = vec4(v_uv.x, 1.0 - v_uv.x, v_uv.y, 1.0 - v_uv.y);
  float m = 1.0;
  float inBlend = 0.0;
  for (int i = 0; i < 4; i++) {
    if (u_width[i] > 0.0 && d[i] < u_width[i]) {
      m *= pow(ramp(d[i] / u_width[i], u_curve[i]), 1.0 / u_gamma[i]);
      inBlend = 1.0;
    }
  }
  c *= m;
  if (inBlend < 0.5) c = vec3(u_lift) + c * (1.0 - u_lift);
  o = vec4(c, 1.0);
}`;

export const MASK_VS = `#version 300 es
in vec2 a_pos;
void main() { gl_Position = vec4(a_pos, 0.0, 1.0); }`;

export const MASK_FS = `#version 300 es
precision mediump float;
out vec4 o;
void main() { o = vec4(0.0); }`;
