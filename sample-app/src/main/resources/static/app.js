// The rusm dashboard: Storm, Messages and Cascades views fed by the server's tick stream, and an
// Observer view that polls the runtime's counts (and, when switched on, a page of its process table and
// the selected process's links) once a second.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
  const MAX_POINTS = 1600; // a 5-minute storm at 4 ticks a second, plus its drain
  const OBSERVER_PERIOD_MS = 1000;
  const TABLE_ROWS = 100;

  const fmt = (n) => (n == null || Number.isNaN(n) ? '\u2013' : whole.format(n));
  const fmtMicros = (us) => (us == null ? '\u2013' : us >= 1000 ? (us / 1000).toFixed(2) + ' ms' : whole.format(us) + ' \u00b5s');
  const fmtBytes = (b) => (b == null || b < 0 ? '\u2013' : (b / 1048576).toFixed(0) + ' MiB');
  const fmtAge = (ms) => {
    if (ms < 1000) return ms + ' ms';
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    return Math.floor(s / 60) + ' min ' + Math.floor(s % 60) + ' s';
  };

  // ---- Views ----

  const views = {
    storm: $('view-storm'), messages: $('view-messages'), cascades: $('view-cascades'), observer: $('view-observer'),
  };
  let activeView = 'storm';

  function show(view) {
    activeView = view;
    for (const [name, el] of Object.entries(views)) {
      el.hidden = name !== view;
      $('tab-' + name).classList.toggle('active', name === view);
    }
    if (view !== 'observer') {
      resizeCharts();
      redrawCharts(view); // with the ticks that came while the view was hidden
    } else {
      pollObserver();
    }
  }

  document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => {
    show(tab.dataset.view);
    history.replaceState(null, '', '#' + tab.dataset.view);
  }));

  // ---- Charts (uPlot) ----

  const charts = {};
  let series = emptySeries();

  function emptySeries() {
    return { t: [], rate: [], live: [], normal: [], killed: [], failed: [], p50: [], p95: [], p99: [] };
  }

  let mseries = emptyMessageSeries();

  function emptyMessageSeries() {
    return { t: [], rate: [], mailbox: [], dead: [], dropped: [], p50: [], p95: [], p99: [] };
  }

  let cseries = emptyCascadeSeries();

  function emptyCascadeSeries() {
    return { t: [], rate: [], latest: [], median: [], max: [] };
  }

  function chart(id, lines, valueFormat, sparse = false, group = 'storm') {
    const el = $(id);
    const opts = {
      width: Math.max(el.clientWidth, 300),
      height: 200,
      scales: { x: { time: false } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { label: 'seconds', labelSize: 18, size: 36, grid: { stroke: '#eef1f5' }, values: (u, v) => v.map((s) => s + '') },
        { size: 58, grid: { stroke: '#eef1f5' }, values: (u, v) => v.map((n) => compact.format(n)) },
      ],
      series: [
        { label: 't', value: (u, v) => (v == null ? '\u2013' : v.toFixed(2) + ' s') },
        ...lines.map((l) => ({
          label: l.label,
          stroke: l.color,
          width: 2,
          fill: l.fill,
          // Sparse series (latency: an interval may have no sampled process) join across the gaps.
          spanGaps: sparse,
          points: sparse ? { show: true, size: 4 } : { show: false },
          value: (u, v) => (v == null ? '\u2013' : valueFormat(v)),
        })),
      ],
    };
    charts[id] = { plot: new uPlot(opts, [[], ...lines.map(() => [])], el), el, keys: lines.map((l) => l.key), group };
  }

  chart('chart-rate', [{ key: 'rate', label: 'spawns/s', color: '#2563eb', fill: 'rgba(37,99,235,.08)' }], fmt);
  chart('chart-live', [{ key: 'live', label: 'live', color: '#7c3aed', fill: 'rgba(124,58,237,.08)' }], fmt);
  chart('chart-finished', [
    { key: 'normal', label: 'normal/s', color: '#16a34a' },
    { key: 'killed', label: 'killed/s', color: '#d97706' },
    { key: 'failed', label: 'failed/s', color: '#dc2626' },
  ], fmt);
  chart('chart-latency', [
    { key: 'p50', label: 'p50', color: '#0891b2' },
    { key: 'p95', label: 'p95', color: '#7c3aed' },
    { key: 'p99', label: 'p99', color: '#db2777' },
  ], (ms) => ms.toFixed(2) + ' ms', true);
  chart('chart-msg-rate', [{ key: 'rate', label: 'messages/s', color: '#2563eb', fill: 'rgba(37,99,235,.08)' }], fmt, false, 'messages');
  chart('chart-msg-mailbox', [{ key: 'mailbox', label: 'waiting', color: '#7c3aed', fill: 'rgba(124,58,237,.08)' }], fmt, false, 'messages');
  chart('chart-msg-dead', [
    { key: 'dead', label: 'dead letters', color: '#dc2626' },
    { key: 'dropped', label: 'dropped', color: '#d97706' },
  ], fmt, false, 'messages');
  chart('chart-msg-latency', [
    { key: 'p50', label: 'p50', color: '#0891b2' },
    { key: 'p95', label: 'p95', color: '#7c3aed' },
    { key: 'p99', label: 'p99', color: '#db2777' },
  ], (ms) => ms.toFixed(3) + ' ms', true, 'messages');
  chart('chart-cascade-rate', [{ key: 'rate', label: 'cascades/s', color: '#2563eb', fill: 'rgba(37,99,235,.08)' }], fmt, false, 'cascades');
  chart('chart-cascade-time', [
    { key: 'latest', label: 'latest', color: '#0891b2' },
    { key: 'median', label: 'median', color: '#7c3aed' },
    { key: 'max', label: 'max', color: '#db2777' },
  ], (ms) => ms.toFixed(3) + ' ms', true, 'cascades');

  function redrawCharts(group = 'storm') {
    const data = { storm: series, messages: mseries, cascades: cseries }[group];
    for (const c of Object.values(charts)) {
      if (c.group !== group) continue;
      c.plot.setData([data.t, ...c.keys.map((k) => data[k])]);
      c.el.dataset.points = String(data.t.length);
      // Unless the pointer is over the chart, its legend shows the latest values.
      if (data.t.length > 0 && !(c.plot.cursor.left >= 0)) {
        c.plot.setLegend({ idx: data.t.length - 1 });
      }
    }
  }

  function resizeCharts() {
    for (const c of Object.values(charts)) {
      if (c.el.clientWidth > 0) {
        c.plot.setSize({ width: c.el.clientWidth, height: 200 });
      }
    }
  }

  window.addEventListener('resize', resizeCharts);

  // ---- Storm state ----

  let stormId = null;
  let previous = null; // the last tick drawn, for per-interval rates
  let ended = true;
  let stopAsked = false;
  let duration = null;

  function setState(state, title) {
    const badge = $('storm-state');
    badge.dataset.state = state;
    badge.textContent = state;
    if (title) $('storm-title').textContent = title;
    const busy = state === 'running' || state === 'stopping';
    $('run').disabled = busy;
    $('stop').disabled = !busy || state === 'stopping';
  }

  function beginStorm(id, settings) {
    stormId = id;
    previous = null;
    ended = false;
    stopAsked = false;
    duration = settings ? settings.durationSeconds : null;
    series = emptySeries();
    redrawCharts();
    for (const id of ['rate', 'spawned', 'live', 'peak-live', 'finished-normal', 'finished-killed', 'finished-failed', 'p99']) {
      $(id).textContent = '\u2013';
    }
    $('rate').dataset.value = '0';
    $('report').hidden = true;
    setState('running', title(id, settings));
  }

  function title(id, s) {
    return s
      ? `Storm #${id}: ${s.durationSeconds} s, live cap ${fmt(s.liveCap)}, ${s.profile} profile` +
        (s.spawners ? `, ${s.spawners} spawner${s.spawners === 1 ? '' : 's'}` : '') +
        (s.sleepMs ? `, sleep ${s.sleepMs} ms` : '') + (s.spinMicros ? `, spin ${s.spinMicros} \u00b5s` : '') +
        (s.failFraction ? `, fail ${s.failFraction}` : '') + (s.killFraction ? `, kill ${s.killFraction}` : '')
      : `Storm #${id}`;
  }

  // A storm as the REST API describes it: its settings name it and give its duration, whether or not
  // its ticks have arrived first.
  function adopt(storm) {
    if (storm.id !== stormId) {
      beginStorm(storm.id, storm.settings);
    }
    duration = storm.settings.durationSeconds;
    $('storm-title').textContent = title(storm.id, storm.settings);
  }

  function onTick(tick) {
    if (previous && tick.stormId === stormId && tick.elapsedMillis === previous.elapsedMillis) {
      return; // the latest tick, replayed when the stream reconnected
    }
    // A storm's ticks never go back in time: an earlier one is another storm of the same number, from a
    // restarted server.
    if (tick.stormId !== stormId || (previous && tick.elapsedMillis < previous.elapsedMillis)) {
      beginStorm(tick.stormId, null);
    }
    const from = previous || { elapsedMillis: 0, finishedNormal: 0, finishedKilled: 0, finishedFailed: 0 };
    const dt = (tick.elapsedMillis - from.elapsedMillis) / 1000;
    const perSecond = (now, before) => (dt > 0 ? (now - before) / dt : 0);
    const lat = tick.latency && tick.latency.samples > 0 ? tick.latency : null;
    series.t.push(tick.elapsedMillis / 1000);
    series.rate.push(tick.spawnsPerSecond);
    series.live.push(tick.live);
    series.normal.push(perSecond(tick.finishedNormal, from.finishedNormal));
    series.killed.push(perSecond(tick.finishedKilled, from.finishedKilled));
    series.failed.push(perSecond(tick.finishedFailed, from.finishedFailed));
    series.p50.push(lat ? lat.p50Micros / 1000 : null);
    series.p95.push(lat ? lat.p95Micros / 1000 : null);
    series.p99.push(lat ? lat.p99Micros / 1000 : null);
    if (series.t.length > MAX_POINTS) {
      for (const values of Object.values(series)) values.shift();
    }
    previous = tick;
    redrawCharts();

    $('rate').textContent = fmt(tick.spawnsPerSecond);
    $('rate').dataset.value = String(tick.spawnsPerSecond);
    $('spawned').textContent = fmt(tick.spawned);
    $('live').textContent = fmt(tick.live);
    $('peak-live').textContent = fmt(tick.peakLive);
    $('finished-normal').textContent = fmt(tick.finishedNormal);
    $('finished-killed').textContent = fmt(tick.finishedKilled);
    $('finished-failed').textContent = fmt(tick.finishedFailed);
    if (lat) $('p99').textContent = fmtMicros(lat.p99Micros); // an interval without samples keeps the last
    if (!ended) {
      const draining = stopAsked || (duration != null && tick.elapsedMillis >= duration * 1000);
      setState(draining ? 'stopping' : 'running');
    }
  }

  function onReport(report) {
    if (report.stormId !== stormId) {
      beginStorm(report.stormId, null);
    }
    ended = true;
    setState('finished');
    const rows = [
      ['Mean spawns/s', fmt(report.meanSpawnsPerSecond)],
      ['Peak spawns/s', fmt(report.peakSpawnsPerSecond)],
      ['Spawned', fmt(report.spawned)],
      ['Finished normal', fmt(report.finishedNormal)],
      ['Finished killed', fmt(report.finishedKilled)],
      ['Finished failed', fmt(report.finishedFailed)],
      ['Peak live', fmt(report.peakLive)],
      ['Spawners', fmt(report.spawners)],
      ['Spawning ran', (report.elapsedMillis / 1000).toFixed(2) + ' s'],
      ['Latency p50', fmtMicros(report.latency.p50Micros)],
      ['Latency p95', fmtMicros(report.latency.p95Micros)],
      ['Latency p99', fmtMicros(report.latency.p99Micros)],
      ['Latency samples', fmt(report.latency.samples)],
      ['Balanced', report.balanced ? 'yes' : 'no'],
    ];
    const grid = $('report-grid');
    grid.replaceChildren(...rows.map(([label, value]) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = label;
      dd.textContent = value;
      if (label === 'Balanced') dd.className = report.balanced ? 'yes' : 'no';
      div.append(dt, dd);
      return div;
    }));
    $('report-title').textContent = `(storm #${report.stormId})`;
    $('report').hidden = false;
  }

  function onFailed(failure) {
    ended = true;
    setState('failed');
    showError(`Storm #${failure.stormId} failed: ${failure.failure}`);
  }

  // ---- The tick stream ----

  const stream = new EventSource('/api/storms/stream');
  const conn = $('conn');
  stream.onopen = () => { conn.textContent = 'stream: live'; conn.className = 'conn up'; };
  stream.onerror = () => { conn.textContent = 'stream: reconnecting'; conn.className = 'conn down'; };
  stream.addEventListener('tick', (e) => onTick(JSON.parse(e.data)));
  stream.addEventListener('report', (e) => onReport(JSON.parse(e.data)));
  stream.addEventListener('failed', (e) => onFailed(JSON.parse(e.data)));
  stream.addEventListener('message-tick', (e) => onMessageTick(JSON.parse(e.data)));
  stream.addEventListener('message-report', (e) => onMessageReport(JSON.parse(e.data)));
  stream.addEventListener('message-failed', (e) => onMessageFailed(JSON.parse(e.data)));
  stream.addEventListener('cascade-tick', (e) => onCascadeTick(JSON.parse(e.data)));
  stream.addEventListener('cascade-report', (e) => onCascadeReport(JSON.parse(e.data)));
  stream.addEventListener('cascade-failed', (e) => onCascadeFailed(JSON.parse(e.data)));

  // ---- Run and Stop ----

  const form = $('storm-form');

  function showError(message, violations) {
    const box = $('storm-error');
    box.replaceChildren(document.createTextNode(message));
    if (violations && violations.length) {
      const list = document.createElement('ul');
      for (const v of violations) {
        const li = document.createElement('li');
        li.textContent = (v.field ? v.field + ' ' : '') + v.rule;
        list.append(li);
      }
      box.append(list);
    }
    box.hidden = false;
  }

  function clearError() {
    $('storm-error').hidden = true;
    form.querySelectorAll('.invalid').forEach((el) => el.classList.remove('invalid'));
  }

  async function problem(response) {
    try {
      return await response.json();
    } catch (e) {
      return { title: response.status + ' ' + response.statusText };
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    const body = {};
    for (const el of form.querySelectorAll('input, select')) {
      if (el.value.trim() === '') continue;
      body[el.name] = el.tagName === 'SELECT' ? el.value : Number(el.value);
    }
    $('run').disabled = true;
    try {
      const response = await fetch('/api/storms', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status === 201) {
        adopt(await response.json());
        return;
      }
      const p = await problem(response);
      for (const v of p.errors || []) {
        if (v.field && form.elements[v.field]) form.elements[v.field].classList.add('invalid');
      }
      showError(p.title + (p.errors ? ':' : p.detail ? ': ' + p.detail : ''), p.errors);
      $('run').disabled = !ended;
    } catch (e) {
      showError('The server cannot be reached: ' + e.message);
      $('run').disabled = false;
    }
  });

  $('stop').addEventListener('click', async () => {
    stopAsked = true;
    setState('stopping');
    const response = await fetch('/api/storms/current/stop', { method: 'POST' });
    if (!response.ok) {
      const p = await problem(response);
      showError(p.title + (p.detail ? ': ' + p.detail : ''));
    }
  });

  // ---- Observer ----

  const table = $('process-table');
  const showTable = $('show-table');
  let observerBusy = false;
  let observerTimer = null;

  function bar(id, part, whole) {
    $(id).style.width = whole > 0 ? Math.min(100, (100 * part) / whole).toFixed(1) + '%' : '0';
  }

  function renderObserver(snapshot) {
    $('obs-live').textContent = fmt(snapshot.live);
    $('obs-limit').textContent = fmt(snapshot.limit);
    bar('obs-bar', snapshot.live, snapshot.limit);
    $('obs-spawned').textContent = fmt(snapshot.spawned);
    $('obs-normal').textContent = fmt(snapshot.finished.normal);
    $('obs-killed').textContent = fmt(snapshot.finished.killed);
    $('obs-failed').textContent = fmt(snapshot.finished.failed);
    $('obs-rejected').textContent = fmt(snapshot.rejected);
    $('obs-heap').textContent = fmtBytes(snapshot.heap.usedBytes);
    const heapMax = snapshot.heap.maxBytes > 0 ? snapshot.heap.maxBytes : snapshot.heap.committedBytes;
    $('obs-heap-max').textContent = fmtBytes(heapMax);
    bar('obs-heap-bar', snapshot.heap.usedBytes, heapMax);
    $('obs-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    const rows = snapshot.processes;
    table.hidden = !rows;
    $('table-off').hidden = !!rows;
    $('table-hint').hidden = !rows;
    if (rows) {
      const number = (pid) => Number(pid.split('.')[1]);
      if (!sortMailbox.checked) {
        rows.sort((a, b) => number(a.pid) - number(b.pid)); // oldest first
      } // else as the server sent them: longest mailbox first
      $('th-mailbox').classList.toggle('sorted', sortMailbox.checked);
      $('process-rows').replaceChildren(...rows.map(processRow));
    }
  }

  function processRow(p) {
    const tr = document.createElement('tr');
    tr.dataset.pid = p.pid;
    tr.classList.toggle('selected', p.pid === selectedPid);
    const cells = [
      ['pid', null],
      ['', p.name == null ? '\u2013' : p.name],
      ['', null],
      ['num', fmtAge(p.ageMillis)],
      ['num mailbox', fmt(p.mailboxLength)],
      ['num links', fmt(p.links)],
    ];
    for (const [cls, text] of cells) {
      const td = document.createElement('td');
      if (cls) td.className = cls;
      if (text != null) td.textContent = text;
      tr.append(td);
    }
    const state = document.createElement('span');
    state.className = 'state ' + p.state;
    state.textContent = p.state;
    tr.children[2].append(state);
    tr.children[0].append(pidButton(p.pid, 'select-pid'));
    const action = document.createElement('td');
    action.className = 'num';
    const kill = document.createElement('button');
    kill.type = 'button';
    kill.className = 'danger kill';
    kill.textContent = 'Kill';
    kill.addEventListener('click', () => killProcess(p.pid, tr, kill));
    action.append(kill);
    tr.append(action);
    return tr;
  }

  // ---- Observer: the selected process, its links and monitors ----

  let selectedPid = null;
  let selectedGone = false;

  function pidButton(pid, cls) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = cls;
    button.dataset.pid = pid;
    button.textContent = pid;
    button.addEventListener('click', () => selectProcess(pid));
    return button;
  }

  function selectProcess(pid) {
    selectedPid = pid;
    selectedGone = false;
    $('detail-pid').textContent = pid;
    $('detail-name').textContent = '';
    $('detail-gone').hidden = true;
    $('detail-body').hidden = false;
    $('detail-linked').replaceChildren();
    $('process-detail').hidden = false;
    for (const tr of $('process-rows').children) tr.classList.toggle('selected', tr.dataset.pid === pid);
    pollDetail();
  }

  $('detail-close').addEventListener('click', () => {
    selectedPid = null;
    $('process-detail').hidden = true;
    for (const tr of $('process-rows').children) tr.classList.remove('selected');
  });

  function renderDetail(p) {
    const l = p.links;
    $('detail-name').textContent = p.name == null ? '' : p.name;
    $('detail-state').textContent = p.state;
    $('detail-age').textContent = fmtAge(p.ageMillis);
    $('detail-mailbox').textContent = fmt(p.mailboxLength);
    $('detail-links').textContent = fmt(l.count);
    $('detail-monitored-by').textContent = fmt(l.monitoredBy);
    $('detail-monitoring').textContent = fmt(l.monitoring);
    $('detail-traps').textContent = l.trapsExits ? 'yes' : 'no';
    $('detail-linked-note').textContent = l.count === 0 ? '(none)'
      : l.pids.length < l.count ? `(the first ${fmt(l.pids.length)} of ${fmt(l.count)})` : '';
    // Redrawn only when the list changes, so that a button is not replaced under the pointer every second.
    const shown = [...$('detail-linked').children].map((b) => b.dataset.pid);
    if (shown.join() !== l.pids.join()) {
      $('detail-linked').replaceChildren(...l.pids.map((pid) => pidButton(pid, 'linked-pid')));
    }
  }

  // A pid is never reused: once its process is gone, there is nothing more to ask for.
  async function pollDetail() {
    const pid = selectedPid;
    if (pid == null || selectedGone) return;
    const response = await fetch('/api/observer/processes/' + encodeURIComponent(pid), { headers: { Accept: 'application/json' } });
    if (pid !== selectedPid) return;
    if (response.ok) {
      renderDetail(await response.json());
    } else {
      const p = await problem(response);
      selectedGone = response.status === 404;
      $('detail-gone').textContent = response.status === 404 ? `${pid} is no longer live` : `${pid}: ${p.detail || p.title}`;
      $('detail-gone').hidden = false;
      $('detail-body').hidden = selectedGone;
    }
  }

  function observerMessage(text) {
    const box = $('obs-message');
    box.textContent = text;
    box.hidden = false;
  }

  async function killProcess(pid, row, button) {
    button.disabled = true;
    const response = await fetch('/api/observer/processes/' + encodeURIComponent(pid), { method: 'DELETE' });
    if (response.ok) {
      const result = await response.json();
      row.remove();
      observerMessage(result.outcome ? `${pid} exited: ${result.outcome}` : `${pid} was killed and is exiting`);
    } else {
      const p = await problem(response);
      row.remove();
      observerMessage(`${pid}: ${p.detail || p.title}`);
    }
  }

  async function pollObserver() {
    clearTimeout(observerTimer);
    if (activeView !== 'observer') return;
    if (!observerBusy) {
      observerBusy = true;
      try {
        const sort = sortMailbox.checked ? '&sort=mailbox' : '';
        const query = showTable.checked ? `?processes=true&limit=${TABLE_ROWS}${sort}` : '';
        const response = await fetch('/api/observer' + query, { headers: { Accept: 'application/json' } });
        if (response.ok) renderObserver(await response.json());
        await pollDetail();
      } catch (e) {
        $('obs-updated').textContent = 'the server cannot be reached';
      } finally {
        observerBusy = false;
      }
    }
    observerTimer = setTimeout(pollObserver, OBSERVER_PERIOD_MS);
  }

  const sortMailbox = $('sort-mailbox');
  showTable.addEventListener('change', pollObserver);
  sortMailbox.addEventListener('change', () => {
    if (sortMailbox.checked && !showTable.checked) showTable.checked = true;
    pollObserver();
  });
  $('th-mailbox').addEventListener('click', () => {
    sortMailbox.checked = !sortMailbox.checked;
    sortMailbox.dispatchEvent(new Event('change'));
  });

  // ---- Message storms ----

  let msgId = null;
  let msgPrevious = null;
  let msgEnded = true;
  const SIZE_UNITS = { 'ping-pong': 'pairs', ring: 'processes', 'fan-in': 'senders' };
  const SIZE_DEFAULTS = { 'ping-pong': 100, ring: 10000, 'fan-in': 100 };

  $('msg-workload').addEventListener('change', () => {
    const w = $('msg-workload').value;
    $('msg-size-unit').textContent = SIZE_UNITS[w];
    $('msg-size').value = SIZE_DEFAULTS[w];
  });

  function setMsgState(state, text) {
    const badge = $('msg-state');
    badge.dataset.state = state;
    badge.textContent = state;
    if (text) $('msg-title').textContent = text;
    const busy = state === 'running' || state === 'stopping';
    $('msg-run').disabled = busy;
    $('msg-stop').disabled = !busy || state === 'stopping';
  }

  function msgTitle(id, s) {
    return s ? `Message storm #${id}: ${s.workload}, ${fmt(s.size)} ${SIZE_UNITS[s.workload]}, ${s.durationSeconds} s` +
      (s.workload === 'fan-in' ? `, window ${fmt(s.window)}` : '') : `Message storm #${id}`;
  }

  function beginMessageStorm(id, settings) {
    msgId = id;
    msgPrevious = null;
    msgEnded = false;
    mseries = emptyMessageSeries();
    redrawCharts('messages');
    for (const el of ['msg-rate', 'msg-sent', 'msg-received', 'msg-dead', 'msg-dropped', 'msg-mailbox', 'msg-p99']) {
      $(el).textContent = '\u2013';
    }
    $('msg-rate').dataset.value = '0';
    $('msg-report').hidden = true;
    $('msg-error').hidden = true;
    setMsgState('running', msgTitle(id, settings));
  }

  function adoptMessageStorm(storm) {
    if (storm.id !== msgId) beginMessageStorm(storm.id, storm.settings);
    $('msg-title').textContent = msgTitle(storm.id, storm.settings);
  }

  function onMessageTick(tick) {
    if (msgPrevious && tick.stormId === msgId && tick.elapsedMillis === msgPrevious.elapsedMillis) return;
    if (tick.stormId !== msgId || (msgPrevious && tick.elapsedMillis < msgPrevious.elapsedMillis)) {
      beginMessageStorm(tick.stormId, null);
    }
    const from = msgPrevious || { elapsedMillis: 0, deadLetters: 0, dropped: 0 };
    const dt = (tick.elapsedMillis - from.elapsedMillis) / 1000;
    const perSecond = (now, before) => (dt > 0 ? (now - before) / dt : 0);
    const lat = tick.latency && tick.latency.samples > 0 ? tick.latency : null;
    mseries.t.push(tick.elapsedMillis / 1000);
    mseries.rate.push(tick.messagesPerSecond);
    mseries.mailbox.push(tick.receiverMailbox);
    mseries.dead.push(perSecond(tick.deadLetters, from.deadLetters));
    mseries.dropped.push(perSecond(tick.dropped, from.dropped));
    mseries.p50.push(lat ? lat.p50Micros / 1000 : null);
    mseries.p95.push(lat ? lat.p95Micros / 1000 : null);
    mseries.p99.push(lat ? lat.p99Micros / 1000 : null);
    if (mseries.t.length > MAX_POINTS) {
      for (const values of Object.values(mseries)) values.shift();
    }
    msgPrevious = tick;
    if (activeView === 'messages') redrawCharts('messages');
    $('msg-rate').textContent = fmt(tick.messagesPerSecond);
    $('msg-rate').dataset.value = String(tick.messagesPerSecond);
    $('msg-sent').textContent = fmt(tick.sent);
    $('msg-received').textContent = fmt(tick.received);
    $('msg-dead').textContent = fmt(tick.deadLetters);
    $('msg-dropped').textContent = fmt(tick.dropped);
    $('msg-mailbox').textContent = tick.workload === 'fan-in' ? fmt(tick.receiverMailbox) : '\u2013';
    $('msg-p99').textContent = lat ? fmtMicros(lat.p99Micros) : $('msg-p99').textContent;
  }

  function onMessageReport(report) {
    if (report.stormId !== msgId) beginMessageStorm(report.stormId, null);
    msgEnded = true;
    setMsgState('finished');
    const rows = [
      ['Workload', `${report.workload}, ${fmt(report.size)} ${SIZE_UNITS[report.workload]}`],
      ['Mean messages/s', fmt(report.meanMessagesPerSecond)],
      ['Peak messages/s', fmt(report.peakMessagesPerSecond)],
      ['Sent', fmt(report.sent)],
      ['Delivered', fmt(report.delivered)],
      ['Received', fmt(report.received)],
      ['Dead letters', fmt(report.deadLetters)],
      ['Dropped at exit', fmt(report.dropped)],
      ['Processes', fmt(report.processes)],
      ['Messages flowed', (report.elapsedMillis / 1000).toFixed(2) + ' s'],
    ];
    if (report.workload === 'fan-in') rows.push(['Peak receiver mailbox', fmt(report.peakReceiverMailbox)]);
    if (report.workload === 'ping-pong') {
      rows.push(['Round trip p50', fmtMicros(report.latency.p50Micros)], ['Round trip p95', fmtMicros(report.latency.p95Micros)],
        ['Round trip p99', fmtMicros(report.latency.p99Micros)], ['Round trips sampled', fmt(report.latency.samples)]);
    }
    rows.push(['Balanced', report.balanced ? 'yes' : 'no']);
    showScenarioReport('msg', 'message', report, rows);
  }

  function onMessageFailed(failure) {
    msgEnded = true;
    setMsgState('failed');
    const box = $('msg-error');
    box.textContent = `Message storm #${failure.stormId} failed: ${failure.failure}`;
    box.hidden = false;
  }

  // Fills a scenario's report panel (prefix-report, -report-grid, -report-title) with label/value rows.
  function showScenarioReport(prefix, kind, report, rows) {
    $(prefix + '-report-grid').replaceChildren(...rows.map(([label, value]) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = label;
      dd.textContent = value;
      if (label === 'Balanced') dd.className = report.balanced ? 'yes' : 'no';
      div.append(dt, dd);
      return div;
    }));
    $(prefix + '-report-title').textContent = `(${kind} storm #${report.stormId})`;
    $(prefix + '-report').hidden = false;
  }

  // The form, stop button and first look of a scenario whose elements are named prefix-form, prefix-run,
  // prefix-stop and prefix-error, and whose REST API is at api (POST to start; /current; /current/stop).
  function wireScenario(prefix, api, s) {
    const scenarioForm = $(prefix + '-form');
    const error = $(prefix + '-error');
    scenarioForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      scenarioForm.querySelectorAll('.invalid').forEach((el) => el.classList.remove('invalid'));
      const body = {};
      for (const el of scenarioForm.querySelectorAll('input, select')) {
        if (el.value.trim() === '') continue;
        body[el.name] = el.tagName === 'SELECT' ? el.value : Number(el.value);
      }
      $(prefix + '-run').disabled = true;
      try {
        const response = await fetch(api, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
        });
        if (response.status === 201) {
          s.adopt(await response.json());
          return;
        }
        const p = await problem(response);
        for (const v of p.errors || []) {
          if (v.field && scenarioForm.elements[v.field]) scenarioForm.elements[v.field].classList.add('invalid');
        }
        error.textContent = p.title + ': ' + (p.detail || '');
        error.hidden = false;
        $(prefix + '-run').disabled = !s.ended();
      } catch (e) {
        error.textContent = 'The server cannot be reached: ' + e.message;
        error.hidden = false;
        $(prefix + '-run').disabled = false;
      }
    });

    $(prefix + '-stop').addEventListener('click', async () => {
      s.setState('stopping');
      await fetch(api + '/current/stop', { method: 'POST' });
    });

    fetch(api + '/current', { headers: { Accept: 'application/json' } }).then(async (response) => {
      if (!response.ok) return;
      const storm = await response.json();
      s.adopt(storm);
      if (storm.report) s.onReport(storm.report);
      else if (storm.failure) s.onFailed({ stormId: storm.id, failure: storm.failure });
      else s.setState(storm.state);
    });
  }

  wireScenario('msg', '/api/message-storms', {
    adopt: adoptMessageStorm, ended: () => msgEnded, setState: setMsgState,
    onReport: onMessageReport, onFailed: onMessageFailed,
  });

  // ---- Cascade storms ----

  let cascadeId = null;
  let cascadePrevious = null;
  let cascadeEnded = true;

  function setCascadeState(state, text) {
    const badge = $('cascade-state');
    badge.dataset.state = state;
    badge.textContent = state;
    if (text) $('cascade-title').textContent = text;
    const busy = state === 'running' || state === 'stopping';
    $('cascade-run').disabled = busy;
    $('cascade-stop').disabled = !busy || state === 'stopping';
  }

  function cascadeTitle(id, s) {
    return s ? `Cascade storm #${id}: trees of ${fmt(s.size)} processes, fan-out ${fmt(s.fanOut)} (depth ${fmt(s.depth)}),` +
      ` ${s.durationSeconds} s` : `Cascade storm #${id}`;
  }

  function beginCascadeStorm(id, settings) {
    cascadeId = id;
    cascadePrevious = null;
    cascadeEnded = false;
    cseries = emptyCascadeSeries();
    redrawCharts('cascades');
    for (const el of ['cascade-rate', 'cascade-trees', 'cascade-processes', 'cascade-exits', 'cascade-live',
      'cascade-latest', 'cascade-median', 'cascade-max']) {
      $(el).textContent = '\u2013';
    }
    $('cascade-rate').dataset.value = '0';
    $('cascade-report').hidden = true;
    $('cascade-error').hidden = true;
    setCascadeState('running', cascadeTitle(id, settings));
  }

  function adoptCascadeStorm(storm) {
    if (storm.id !== cascadeId) beginCascadeStorm(storm.id, storm.settings);
    $('cascade-title').textContent = cascadeTitle(storm.id, storm.settings);
  }

  const micros = (us) => (us == null ? null : us / 1000);

  function onCascadeTick(tick) {
    if (cascadePrevious && tick.stormId === cascadeId && tick.elapsedMillis === cascadePrevious.elapsedMillis) return;
    if (tick.stormId !== cascadeId || (cascadePrevious && tick.elapsedMillis < cascadePrevious.elapsedMillis)) {
      beginCascadeStorm(tick.stormId, null);
    }
    cseries.t.push(tick.elapsedMillis / 1000);
    cseries.rate.push(tick.cascadesPerSecond);
    cseries.latest.push(micros(tick.latestMicros));
    cseries.median.push(micros(tick.medianMicros));
    cseries.max.push(micros(tick.maxMicros));
    if (cseries.t.length > MAX_POINTS) {
      for (const values of Object.values(cseries)) values.shift();
    }
    cascadePrevious = tick;
    if (activeView === 'cascades') redrawCharts('cascades');
    $('cascade-rate').textContent = fmt(tick.cascadesPerSecond);
    $('cascade-rate').dataset.value = String(tick.cascadesPerSecond);
    $('cascade-trees').textContent = fmt(tick.trees);
    $('cascade-processes').textContent = fmt(tick.processes);
    $('cascade-exits').textContent = fmt(tick.exits);
    $('cascade-live').textContent = fmt(tick.live);
    $('cascade-latest').textContent = fmtMicros(tick.latestMicros);
    // An interval in which no tree went down keeps the last median and max shown.
    if (tick.medianMicros != null) {
      $('cascade-median').textContent = fmtMicros(tick.medianMicros);
      $('cascade-max').textContent = fmtMicros(tick.maxMicros);
    }
  }

  function onCascadeReport(report) {
    if (report.stormId !== cascadeId) beginCascadeStorm(report.stormId, null);
    cascadeEnded = true;
    setCascadeState('finished');
    const rows = [
      ['Each tree', `${fmt(report.size)} processes, fan-out ${fmt(report.fanOut)}, depth ${fmt(report.depth)}`],
      ['Trees', fmt(report.trees)],
      ['Mean cascades/s', fmt(report.meanCascadesPerSecond)],
      ['Peak cascades/s', fmt(report.peakCascadesPerSecond)],
      ['Cascades', fmt(report.cascades)],
      ['Processes', fmt(report.processes)],
      ['Exits seen', fmt(report.exits)],
      ['Linked exits (runtime)', fmt(report.linkedExits)],
      ['Mean kill \u2192 last exit', fmtMicros(report.meanMicros)],
      ['Max kill \u2192 last exit', fmtMicros(report.maxMicros)],
      ['Ran', (report.elapsedMillis / 1000).toFixed(2) + ' s'],
      ['Balanced', report.balanced ? 'yes' : 'no'],
    ];
    showScenarioReport('cascade', 'cascade', report, rows);
  }

  function onCascadeFailed(failure) {
    cascadeEnded = true;
    setCascadeState('failed');
    const box = $('cascade-error');
    box.textContent = `Cascade storm #${failure.stormId} failed: ${failure.failure}`;
    box.hidden = false;
  }

  wireScenario('cascade', '/api/cascade-storms', {
    adopt: adoptCascadeStorm, ended: () => cascadeEnded, setState: setCascadeState,
    onReport: onCascadeReport, onFailed: onCascadeFailed,
  });

  // A link to a view (/#messages, /#cascades, /#observer) opens it.
  const linked = location.hash.slice(1);
  if (views[linked]) show(linked);

  // ---- Start-up: the stream replays the latest tick and report; the REST state fills in the rest ----

  fetch('/api/storms/current', { headers: { Accept: 'application/json' } }).then(async (response) => {
    if (!response.ok) return;
    const storm = await response.json();
    adopt(storm);
    if (storm.report) onReport(storm.report);
    else if (storm.failure) onFailed({ stormId: storm.id, failure: storm.failure });
    else setState(storm.state);
  });
})();
