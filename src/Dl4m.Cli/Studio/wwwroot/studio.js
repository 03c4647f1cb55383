// dl4m studio: the page's logic in plain JavaScript (no build step, no library). It asks the server for songs,
// draws each as an SVG piano roll from its notes, plays it with a small Web Audio synthesiser (or FluidSynth's WAV
// when the server rendered one), and offers the MIDI file and a WAV for download.
"use strict";

const $ = (id) => document.getElementById(id);
// One generation at a time per tab: the server keys its gate on this id, made once per page load.
const tabId = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : Math.random().toString(16).slice(2) + Date.now().toString(16);
let limits = { maxNotes: 5000 };
let running = null; // AbortController of the generation in flight
let songCount = 0;

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

async function getJson(url, options) {
  const response = await fetch(url, options);
  let body = null;
  try { body = await response.json(); } catch { /* an empty or non-JSON answer */ }
  if (!response.ok) throw new Error((body && body.error) || `${url}: HTTP ${response.status}`);
  return body;
}

// ---- model and primers -------------------------------------------------------------------------------------------

// The first load asks for the server's default model (dl4m studio --model, or the built-in one) and shows its name in
// the box; from then on the box is sent as it is: empty or "built-in" is the built-in model.
let firstLoad = true;

async function loadModel() {
  const folder = $("model").value.trim();
  $("model-status").textContent = "loading…";
  showError("");
  try {
    const info = await getJson("/api/model" + (firstLoad ? "" : "?folder=" + encodeURIComponent(folder)));
    if (firstLoad) $("model").value = info.model.name;
    firstLoad = false;
    limits = info.limits;
    $("notes").max = limits.maxNotes;
    const m = info.model;
    $("model-about").textContent = m.about;
    $("model-status").textContent = `${m.kind}${m.labels.length ? ", labels " + m.labels.join(", ") : ""}${m.dataset ? `, ${m.songs} dataset songs` : ""}`;
    fillSelect($("label"), "from the primer", m.labels);
    if ($("key").options.length <= 1) fillSelect($("key"), "as generated", info.keys);
    $("primer-kind").querySelector("option[value=song]").disabled = !m.dataset;
    if (!m.dataset && $("primer-kind").value === "song") $("primer-kind").value = "builtin";
    $("primer-kind").querySelector("option[value=builtin]").disabled = !m.builtIn;
    if (!m.builtIn && $("primer-kind").value === "builtin") $("primer-kind").value = m.dataset ? "song" : "upload";
    primerKindChanged();
    if (m.dataset) await searchSongs();
  } catch (e) {
    $("model-status").textContent = "";
    showError(e.message);
  }
}

function fillSelect(select, none, values) {
  select.replaceChildren(new Option(none, ""));
  for (const v of values) select.add(new Option(v, v));
}

async function searchSongs() {
  const folder = $("model").value.trim();
  const q = $("song-search").value.trim();
  const rows = await getJson("/api/dataset?" + new URLSearchParams({ folder, q }));
  const select = $("song");
  select.replaceChildren();
  for (const r of rows) select.add(new Option(`${r.path} (${r.label}, ${r.split})`, r.index));
}

function primerKindChanged() {
  const kind = $("primer-kind").value;
  $("song-picker").hidden = kind !== "song";
  $("primer").hidden = kind !== "upload";
}

// ---- generation --------------------------------------------------------------------------------------------------

async function generate(event) {
  event.preventDefault();
  if (running) return;
  showError("");
  const kind = $("primer-kind").value;
  const form = new FormData();
  for (const name of ["model", "notes", "temperature", "topK", "topP", "key", "label", "seed", "bpm"]) form.set(name, $(name).value);
  if (kind === "song") {
    if (!$("song").value) { showError("primer: pick a dataset song (or another primer)"); return; }
    form.set("song", $("song").value);
  }
  if (kind === "upload") {
    const file = $("primer").files[0];
    if (!file) { showError("primer: choose a MIDI file to upload (or another primer)"); return; }
    form.set("primer", file);
  }
  const settings = Object.fromEntries([...form.entries()].filter(([k]) => k !== "primer"));
  running = new AbortController();
  setBusy(true);
  const started = performance.now();
  const timer = setInterval(() => { $("progress-text").textContent = `generating… ${((performance.now() - started) / 1000).toFixed(1)} s`; }, 100);
  try {
    const song = await getJson("/api/generate", { method: "POST", body: form, headers: { "X-Dl4m-Tab": tabId }, signal: running.signal });
    addSong(song, settings);
  } catch (e) {
    showError(e.name === "AbortError" ? "generation cancelled" : e.message);
  } finally {
    clearInterval(timer);
    running = null;
    setBusy(false);
  }
}

function setBusy(busy) {
  $("generate").disabled = busy;
  $("cancel").hidden = !busy;
  $("progress").hidden = !busy;
  if (busy) $("progress-text").textContent = "generating…";
}

// ---- a song card -------------------------------------------------------------------------------------------------

function addSong(song, settings) {
  songCount++;
  const card = $("song-template").content.firstElementChild.cloneNode(true);
  card.dataset.id = song.id;
  card.querySelector(".title").textContent = `Song ${songCount}`;
  const parts = [song.model, `${song.notes.length} notes`, `temperature ${Number(song.temperature).toFixed(2)}`,
    `top-k ${settings.topK || 0}`, `top-p ${settings.topP || 1}`, `seed ${song.seed}`];
  if (song.label) parts.push(`label ${song.label}`);
  if (song.key) parts.push(`key ${song.key}`);
  if (song.tempo) parts.push(`tempo ${song.tempo}`);
  parts.push(`primer: ${song.primer}`);
  card.querySelector(".settings").textContent = parts.join(" · ");
  card.querySelector(".facts").textContent = `${song.seconds.toFixed(1)} s, generated in ${song.generationMs.toFixed(0)} ms`;
  card.querySelector(".roll-frame").append(pianoRoll(song.notes));
  const midi = card.querySelector("a.midi");
  midi.href = song.midi;
  midi.download = `dl4m-song-${songCount}.mid`;
  const wav = card.querySelector("a.wav");
  wav.download = `dl4m-song-${songCount}.wav`;
  if (song.wav) {
    wav.href = song.wav;
    const audio = card.querySelector("audio");
    audio.src = song.wav;
    audio.hidden = false;
  } else {
    wav.href = "#";
    wav.title = "rendered in the browser (FluidSynth is not installed on the server)";
    wav.addEventListener("click", (e) => downloadSynthWav(e, song.notes, wav));
  }
  const play = card.querySelector(".play");
  play.addEventListener("click", () => togglePlay(card, song.notes, play));
  card.querySelector(".close").addEventListener("click", () => { stopPlaying(); card.remove(); });
  $("songs").prepend(card);
}

// The piano roll, drawn from the notes: x = time, y = pitch, one rect per note carrying its values.
function pianoRoll(notes) {
  const ns = "http://www.w3.org/2000/svg";
  const end = Math.max(1, ...notes.map((n) => n[2] + n[3]));
  const low = Math.min(...notes.map((n) => n[0])) - 2, high = Math.max(...notes.map((n) => n[0])) + 2;
  const pxPerSecond = Math.max(24, Math.min(120, 1600 / end)), row = Math.max(3, Math.min(8, 200 / (high - low + 1)));
  const width = Math.ceil(end * pxPerSecond) + 30, height = Math.ceil((high - low + 1) * row);
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "roll");
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const y = (pitch) => (high - pitch) * row;
  for (let p = Math.ceil(low / 12) * 12; p <= high; p += 12) { // a line and a name at every C
    const line = document.createElementNS(ns, "line");
    line.setAttribute("class", "c");
    line.setAttribute("x1", 0); line.setAttribute("x2", width);
    line.setAttribute("y1", y(p) + row); line.setAttribute("y2", y(p) + row);
    svg.append(line);
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", 2); label.setAttribute("y", y(p) + row - 1);
    label.textContent = `C${p / 12 - 1}`;
    svg.append(label);
  }
  for (const [pitch, velocity, start, duration] of notes) {
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("class", "note");
    rect.setAttribute("x", 24 + start * pxPerSecond);
    rect.setAttribute("y", y(pitch));
    rect.setAttribute("width", Math.max(1.5, duration * pxPerSecond - 0.5));
    rect.setAttribute("height", Math.max(2, row - 1));
    rect.setAttribute("fill-opacity", (0.35 + 0.65 * velocity / 127).toFixed(2));
    rect.dataset.pitch = pitch;
    rect.dataset.start = start;
    rect.dataset.duration = duration;
    svg.append(rect);
  }
  const head = document.createElementNS(ns, "line");
  head.setAttribute("class", "head");
  head.setAttribute("y1", 0); head.setAttribute("y2", height);
  head.setAttribute("visibility", "hidden");
  svg.append(head);
  svg.dataset.pxPerSecond = pxPerSecond;
  return svg;
}

// ---- sound -------------------------------------------------------------------------------------------------------

let audioContext = null;
let playing = null; // { card, button, timer, nodes, startedAt }

// One synthesised note: a triangle and a quieter sine an octave up, with a piano-like decaying envelope.
function scheduleNote(context, destination, [pitch, velocity, start, duration], at) {
  const frequency = 440 * Math.pow(2, (pitch - 69) / 12);
  const peak = 0.12 * velocity / 127, t0 = at + start, t1 = t0 + Math.max(0.03, duration);
  const gain = context.createGain();
  gain.gain.setValueAtTime(0, t0);
  gain.gain.linearRampToValueAtTime(peak, t0 + 0.01);
  gain.gain.setTargetAtTime(peak * 0.35, t0 + 0.01, 0.25);
  gain.gain.setTargetAtTime(0, t1, 0.04);
  gain.connect(destination);
  const nodes = [gain];
  for (const [type, multiple, level] of [["triangle", 1, 1], ["sine", 2, 0.25]]) {
    const osc = context.createOscillator();
    osc.type = type;
    osc.frequency.value = frequency * multiple;
    const g = context.createGain();
    g.gain.value = level;
    osc.connect(g).connect(gain);
    osc.start(t0);
    osc.stop(t1 + 0.3);
    nodes.push(osc);
  }
  return nodes;
}

function togglePlay(card, notes, button) {
  const same = playing && playing.card === card;
  stopPlaying();
  if (same) return;
  audioContext = audioContext || new AudioContext();
  audioContext.resume();
  const at = audioContext.currentTime + 0.1;
  const state = { card, button, nodes: [], next: 0, at };
  // schedule a couple of seconds ahead at a time, so a long song does not create thousands of nodes at once
  const pump = () => {
    const horizon = audioContext.currentTime - at + 2;
    while (state.next < notes.length && notes[state.next][2] < horizon) state.nodes.push(...scheduleNote(audioContext, audioContext.destination, notes[state.next++], at));
    const elapsed = audioContext.currentTime - at;
    const svg = card.querySelector("svg.roll"), head = svg.querySelector("line.head");
    const x = 24 + Math.max(0, elapsed) * Number(svg.dataset.pxPerSecond);
    head.setAttribute("x1", x); head.setAttribute("x2", x); head.setAttribute("visibility", "visible");
    const end = Math.max(...notes.map((n) => n[2] + n[3]));
    if (elapsed > end + 0.5) stopPlaying();
  };
  state.timer = setInterval(pump, 100);
  playing = state;
  button.textContent = "■ Stop";
  pump();
}

function stopPlaying() {
  if (!playing) return;
  clearInterval(playing.timer);
  for (const node of playing.nodes) { try { node.disconnect(); if (node.stop) node.stop(); } catch { /* already stopped */ } }
  playing.button.textContent = "▶ Play";
  playing.card.querySelector("svg.roll line.head").setAttribute("visibility", "hidden");
  playing = null;
}

// A WAV of the synthesised song, rendered offline in the browser (when the server has no FluidSynth).
async function downloadSynthWav(event, notes, link) {
  if (link.dataset.ready) return; // the href is the rendered blob already: let the browser download it
  event.preventDefault();
  const rate = 44100, seconds = Math.max(...notes.map((n) => n[2] + n[3])) + 1;
  const context = new OfflineAudioContext(1, Math.ceil(rate * seconds), rate);
  for (const note of notes) scheduleNote(context, context.destination, note, 0);
  const buffer = await context.startRendering();
  link.href = URL.createObjectURL(new Blob([wavBytes(buffer.getChannelData(0), rate)], { type: "audio/wav" }));
  link.dataset.ready = "1";
  link.click();
}

// 16-bit PCM mono WAV.
function wavBytes(samples, rate) {
  const bytes = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (offset, s) => { for (let i = 0; i < s.length; i++) bytes.setUint8(offset + i, s.charCodeAt(i)); };
  text(0, "RIFF"); bytes.setUint32(4, 36 + samples.length * 2, true); text(8, "WAVE");
  text(12, "fmt "); bytes.setUint32(16, 16, true); bytes.setUint16(20, 1, true); bytes.setUint16(22, 1, true);
  bytes.setUint32(24, rate, true); bytes.setUint32(28, rate * 2, true); bytes.setUint16(32, 2, true); bytes.setUint16(34, 16, true);
  text(36, "data"); bytes.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) bytes.setInt16(44 + 2 * i, Math.max(-1, Math.min(1, samples[i])) * 32767, true);
  return bytes.buffer;
}

// ---- wiring ------------------------------------------------------------------------------------------------------

$("controls").addEventListener("submit", generate);
$("cancel").addEventListener("click", () => running && running.abort());
$("load-model").addEventListener("click", loadModel);
$("model").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); loadModel(); } });
$("primer-kind").addEventListener("change", primerKindChanged);
$("song-search").addEventListener("input", () => searchSongs().catch((e) => showError(e.message)));
$("temperature").addEventListener("input", () => { $("temperature-value").textContent = Number($("temperature").value).toFixed(2); });
loadModel();
