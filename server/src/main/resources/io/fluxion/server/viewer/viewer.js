// The Fluxion viewer: streams a model's particles over a WebSocket and draws them with WebGL2.
// Frame layout (little-endian): magic "FLXF", u16 version, u16 flags (1 ages, 2 labels), i64 index,
// u32 count, u32 dimension, f32 time, u32 reserved, then f32 positions [n, d], f32 ages [n], i32 labels [n].
'use strict';

const $ = (id) => document.getElementById(id);
const canvas = $('view');
const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
const stats = { frames: 0, count: 0, bytes: 0, errors: 0, model: null };
window.fluxionStats = stats;

const VERTEX = `#version 300 es
layout(location = 0) in vec3 position;
layout(location = 1) in float age;
uniform mat4 view;
uniform float pointSize;
out float vAge;
void main() {
  gl_Position = view * vec4(position, 1.0);
  gl_PointSize = pointSize;
  vAge = age;
}`;
const FRAGMENT = `#version 300 es
precision mediump float;
in float vAge;
out vec4 colour;
void main() {
  vec3 noise = vec3(0.35, 0.45, 0.95);
  vec3 data = vec3(1.0, 0.62, 0.25);
  colour = vec4(mix(noise, data, clamp(vAge, 0.0, 1.0)), 0.55);
}`;

function shader(type, source) {
  const s = gl.createShader(type);
  gl.shaderSource(s, source);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
  return s;
}

let program, positionBuffer, ageBuffer, vao;
function setUpGl() {
  if (!gl) throw new Error('this browser has no WebGL2');
  program = gl.createProgram();
  gl.attachShader(program, shader(gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(program, shader(gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
  vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  positionBuffer = gl.createBuffer();
  ageBuffer = gl.createBuffer();
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.SRC_ALPHA, gl.ONE);
}

// camera: 2-D fits the data's box; 3-D orbits around it (drag to turn, wheel to zoom)
const camera = { yaw: 0.6, pitch: 0.35, zoom: 1, centre: [0, 0, 0], radius: 3, fitted: false };
let dragging = null;
canvas.addEventListener('pointerdown', (e) => { dragging = { x: e.clientX, y: e.clientY }; canvas.setPointerCapture(e.pointerId); });
canvas.addEventListener('pointerup', () => { dragging = null; });
canvas.addEventListener('pointermove', (e) => {
  if (!dragging) return;
  camera.yaw += (e.clientX - dragging.x) * 0.01;
  camera.pitch = Math.max(-1.5, Math.min(1.5, camera.pitch + (e.clientY - dragging.y) * 0.01));
  dragging = { x: e.clientX, y: e.clientY };
});
canvas.addEventListener('wheel', (e) => { e.preventDefault(); camera.zoom *= Math.exp(e.deltaY * 0.001); }, { passive: false });

function fit(positions, n, d) {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const v = positions[i * d + k];
      if (Number.isFinite(v)) { lo[k] = Math.min(lo[k], v); hi[k] = Math.max(hi[k], v); }
    }
  }
  let radius = 0;
  for (let k = 0; k < d; k++) { camera.centre[k] = (lo[k] + hi[k]) / 2; radius = Math.max(radius, (hi[k] - lo[k]) / 2); }
  camera.radius = radius > 0 ? radius * 1.1 : 3;
  camera.fitted = true;
}

function viewMatrix(d) {
  const aspect = canvas.width / canvas.height;
  const r = camera.radius * camera.zoom;
  const [cx, cy, cz] = camera.centre;
  // the shorter side of the canvas spans the data's box
  const sx = aspect >= 1 ? 1 / (r * aspect) : 1 / r, sy = aspect >= 1 ? 1 / r : aspect / r;
  if (d === 2) {
    return [sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, 1, 0, -cx * sx, -cy * sy, 0, 1];
  }
  const cyw = Math.cos(camera.yaw), syw = Math.sin(camera.yaw), cp = Math.cos(camera.pitch), sp = Math.sin(camera.pitch);
  // rotation (yaw about y, then pitch about x), orthographic scale, depth into [-1, 1]
  const m = [
    cyw, sp * syw, -cp * syw,
    0, cp, sp,
    syw, -sp * cyw, cp * cyw,
  ];
  const sz = 0.5 / r;
  const col = (c) => [m[c] * sx, m[3 + c] * sy, m[6 + c] * sz, 0];
  const a = col(0), b = col(1), c = col(2);
  const t = [-(a[0] * cx + b[0] * cy + c[0] * cz), -(a[1] * cx + b[1] * cy + c[1] * cz), -(a[2] * cx + b[2] * cy + c[2] * cz), 1];
  return [...a, ...b, ...c, ...t];
}

let latest = null; // the newest frame not yet drawn
function decode(buffer) {
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== 0x46584c46) throw new Error('not a Fluxion frame');
  const version = view.getUint16(4, true);
  if (version > 1) throw new Error('frame version ' + version + ' is newer than this viewer');
  const flags = view.getUint16(6, true);
  const count = view.getUint32(16, true);
  const dimension = view.getUint32(20, true);
  let offset = 32;
  const positions = new Float32Array(buffer, offset, count * dimension);
  offset += 4 * count * dimension;
  const ages = (flags & 1) ? new Float32Array(buffer, offset, count) : null;
  return { count, dimension, positions, ages };
}

function draw() {
  requestAnimationFrame(draw);
  const w = canvas.clientWidth * devicePixelRatio, h = canvas.clientHeight * devicePixelRatio;
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  gl.viewport(0, 0, canvas.width, canvas.height);
  gl.clearColor(0.043, 0.051, 0.071, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  const frame = latest;
  if (!frame) return;
  if (!camera.fitted && frame.count > 100 && stats.frames > 120) fit(frame.positions, frame.count, frame.dimension);
  // live text changes its width: follow the words (the fit is cheap next to the frame's upload)
  if ($('mode').value === 'text' && frame.count > 100 && stats.frames % 20 === 0) fit(frame.positions, frame.count, frame.dimension);
  gl.useProgram(program);
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
  gl.bufferData(gl.ARRAY_BUFFER, frame.positions, gl.STREAM_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, frame.dimension, gl.FLOAT, false, 0, 0);
  if (frame.ages) {
    gl.bindBuffer(gl.ARRAY_BUFFER, ageBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, frame.ages, gl.STREAM_DRAW);
    gl.enableVertexAttribArray(1);
    gl.vertexAttribPointer(1, 1, gl.FLOAT, false, 0, 0);
  } else {
    gl.disableVertexAttribArray(1);
    gl.vertexAttrib1f(1, 1);
  }
  gl.uniformMatrix4fv(gl.getUniformLocation(program, 'view'), false, viewMatrix(frame.dimension));
  const wanted = Number($('particles').value);
  gl.uniform1f(gl.getUniformLocation(program, 'pointSize'), devicePixelRatio * Math.min(4, Math.max(1, 2 * Math.sqrt(20000 / wanted))));
  gl.drawArrays(gl.POINTS, 0, frame.count);
}

// the stream: one WebSocket; changes go as control messages
let socket = null;
let models = [];
function showError(message) {
  $('error').textContent = message || '';
  if (message) { stats.errors++; console.warn('fluxion: ' + message); }
}

// in text mode the label box holds the words a glyph model writes
function settings() {
  const value = $('label').value.trim();
  const text = $('mode').value === 'text';
  return {
    model: $('model').value, mode: $('mode').value, particles: Number($('particles').value),
    label: text || value === '' ? null : value, text: text ? (value || 'FLUXION') : null, guidance: Number($('guidance').value),
  };
}

function connect() {
  if (socket) socket.close();
  const s = settings();
  const query = new URLSearchParams({ particles: s.particles, mode: s.mode, fps: 60, ages: true, guidance: s.guidance });
  if (s.label) query.set('label', s.label);
  if (s.text) query.set('text', s.text);
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/models/' + encodeURIComponent(s.model) + '/stream?' + query;
  camera.fitted = false;
  stats.model = s.model;
  fetch('/api/models/' + encodeURIComponent(s.model) + '/samples?n=2000&format=json&seed=1')
    .then((r) => r.json())
    .then((batch) => {
      if (!batch.points || stats.model !== s.model) return;
      const d = batch.dimension, flat = new Float32Array(batch.count * d);
      batch.points.forEach((p, i) => flat.set(p, i * d));
      fit(flat, batch.count, d);
    })
    .catch(() => { /* the frames fit the view instead */ });
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (event) => {
    if (typeof event.data === 'string') {
      const reply = JSON.parse(event.data);
      showError(reply.error);
      return;
    }
    latest = decode(event.data);
    stats.frames++;
    stats.count = latest.count;
    stats.bytes += event.data.byteLength;
  };
  ws.onclose = (event) => { if (socket === ws && event.code !== 1000) $('status').textContent = 'stream closed (' + event.code + ' ' + event.reason + ')'; };
  socket = ws;
}

function control(message) {
  if (!socket) return;
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  else if (socket.readyState === WebSocket.CONNECTING) {
    const pending = socket;
    pending.addEventListener('open', () => pending.send(JSON.stringify(message)), { once: true });
  }
}

async function loadModels(select) {
  const response = await fetch('/api/models');
  models = (await response.json()).filter((m) => !m.error);
  const picker = $('model');
  picker.innerHTML = '';
  for (const m of models) {
    const option = document.createElement('option');
    option.value = m.name;
    option.textContent = m.name + (m.dimension === 3 ? ' (3-D)' : '') + (m.labels.length ? ' (' + m.labels.length + ' classes)' : '');
    picker.appendChild(option);
  }
  if (select) picker.value = select;
  modelChanged();
}

function modelChanged() {
  const m = models.find((x) => x.name === $('model').value);
  const text = $('mode').value === 'text';
  $('labelCaption').textContent = text ? 'text' : 'label';
  $('label').disabled = !m || m.labels.length === 0;
  $('label').placeholder = text ? 'words to write' : m && m.labels.length ? m.labels.slice(0, 6).join(', ') + (m.labels.length > 6 ? ', …' : '') : 'not conditional';
  if (!m || m.labels.length === 0) $('label').value = '';
  showError('');
  connect();
}

$('model').addEventListener('change', modelChanged);
$('mode').addEventListener('change', () => { $('label').value = ''; modelChanged(); });
$('particles').addEventListener('input', () => { $('count').textContent = $('particles').value; });
$('particles').addEventListener('change', () => control({ particles: Number($('particles').value) }));
$('label').addEventListener('change', () => {
  const s = settings();
  control(s.mode === 'text' ? { text: s.text } : { label: s.label });
});
$('guidance').addEventListener('input', () => { $('guidanceValue').textContent = $('guidance').value; });
$('guidance').addEventListener('change', () => control({ guidance: Number($('guidance').value) }));

// drop a picture: train a model on it, follow the job, then watch it
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer.files[0];
  if (!file) return;
  const name = file.name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 60) || 'picture';
  drop.textContent = 'uploading ' + file.name + '…';
  const response = await fetch('/api/train?name=' + encodeURIComponent(name) + '&steps=3000', { method: 'POST', body: file });
  const job = await response.json();
  if (!response.ok) { drop.textContent = 'Drop a picture here to train a model on it'; showError(job.error); return; }
  const events = new EventSource('/api/jobs/' + job.id + '/events');
  const update = (event) => {
    const state = JSON.parse(event.data);
    drop.textContent = state.state === 'queued' ? 'queued (' + state.position + ')'
      : 'training ' + name + ': ' + Math.round(100 * state.step / state.totalSteps) + '%' + (state.etaSeconds !== undefined ? ', ' + state.etaSeconds + ' s left' : '');
  };
  events.addEventListener('progress', update);
  events.addEventListener('done', () => { events.close(); drop.textContent = 'trained ' + name; loadModels(name); });
  for (const end of ['failed', 'cancelled']) {
    events.addEventListener(end, (event) => { events.close(); drop.textContent = 'Drop a picture here to train a model on it'; showError(JSON.parse(event.data).error || end); });
  }
});

// status line: frames per second, particles, bandwidth
let lastFrames = 0, lastBytes = 0;
setInterval(() => {
  const fps = stats.frames - lastFrames, mbps = (stats.bytes - lastBytes) / 1e6;
  lastFrames = stats.frames; lastBytes = stats.bytes;
  if (socket && socket.readyState === WebSocket.OPEN) {
    $('status').textContent = stats.model + ': ' + fps + ' frames/s, ' + stats.count + ' particles, ' + mbps.toFixed(1) + ' MB/s';
  }
}, 1000);

try {
  setUpGl();
  requestAnimationFrame(draw);
  const wanted = new URLSearchParams(location.search).get('model');
  loadModels(wanted).catch((e) => { console.error('fluxion: cannot list the models: ' + e); });
} catch (e) {
  console.error('fluxion: ' + e.message);
  $('status').textContent = e.message;
}
