// eventwire's web page: a map, a timeline and a list of merged events, and one page per event with its
// sources side by side. Plain JavaScript with no build step; the libraries are vendored by `make web`.
//
// Everything that comes from the API (and so from news articles) reaches the page only as text nodes,
// attribute values set with setAttribute, or DOM elements handed to Leaflet: never through innerHTML.
"use strict";

(function () {
  const PAGE_SIZE = 25;
  const MAP_LIMIT = 500;
  const FILTERS = ["q", "event_type", "country", "date_from", "date_to", "min_sources", "disputed", "sort"];
  const DAY_MS = 86400000;
  const TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#d35400",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2471a3",
    "Riots": "#b7950b",
    "Strategic developments": "#1e8449",
  };
  const VERDICTS = ["agrees", "refines", "disputes"];
  const countryNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : null;

  const form = document.getElementById("filters");
  const statusLine = document.getElementById("status");
  const overview = document.getElementById("overview");
  const eventPage = document.getElementById("event-page");
  const listNode = document.getElementById("event-list");
  const listSummary = document.getElementById("list-summary");
  const prevButton = document.getElementById("prev-page");
  const nextButton = document.getElementById("next-page");
  const bucketSelect = document.getElementById("bucket");
  const chartNode = document.getElementById("timeline-chart");
  const countryList = document.getElementById("countries");

  const state = {
    offset: 0,
    mapKey: null,
    mapFilters: null,
    generation: 0,
    overviewHash: "#/",
    timeline: null,
  };
  const knownCountries = new Set();

  // ---------------------------------------------------------------- DOM helpers

  /** An element with attributes (set as values, never parsed) and children (nodes or text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attrs);
    appendAll(node, children);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    setAttributes(node, attrs);
    appendAll(node, children);
    return node;
  }

  function setAttributes(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.setAttribute("class", value);
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
  }

  function appendAll(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  /** A link only for http(s) addresses; anything else (javascript:, data:, …) stays plain text. */
  function externalLink(url, text) {
    let parsed = null;
    try {
      parsed = new URL(url);
    } catch (_) {
      parsed = null;
    }
    if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
      return el("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank", class: "url" }, text || url);
    }
    return el("code", { class: "url" }, url);
  }

  function eventHref(id) {
    return "#/event/" + encodeURIComponent(id);
  }

  function showStatus(message, isError) {
    statusLine.textContent = message || "";
    statusLine.hidden = !message;
    statusLine.classList.toggle("error", Boolean(isError));
  }

  /** The read token, when the server closes reading (EVENTWIRE_READ_TOKEN): asked for on the first 401 and
   * kept for this tab only. */
  const TOKEN_KEY = "eventwire-read-token";

  function askForToken() {
    const input = el("input", { type: "password", name: "token", autocomplete: "off", "aria-label": "Read token" });
    const tokenForm = el(
      "form",
      { class: "token-form" },
      "This server needs a read token (its EVENTWIRE_READ_TOKEN): ",
      input,
      el("button", { type: "submit" }, "Use it"),
    );
    tokenForm.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      showStatus("");
      route();
    });
    statusLine.replaceChildren(tokenForm);
    statusLine.classList.add("error");
    statusLine.hidden = false;
    input.focus();
  }

  /** An API error in words: FastAPI's validation errors name the parameter and the reason. */
  function describeProblem(body) {
    if (typeof body.detail === "string") return body.detail;
    if (Array.isArray(body.detail)) {
      return body.detail.map((item) => `${(item.loc || []).slice(-1)[0] ?? "request"}: ${item.msg}`).join("; ");
    }
    return JSON.stringify(body);
  }

  async function fetchJSON(url) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = token ? { Accept: "application/json", Authorization: `Bearer ${token}` } : { Accept: "application/json" };
    const response = await fetch(url, { headers });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        detail = describeProblem(await response.json());
      } catch (_) {
        /* not JSON: keep the status text */
      }
      const error = new Error(`${url.split("?")[0]} answered ${response.status}: ${detail}`);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  /** Tell the reader what went wrong; a closed server gets the token form instead. */
  function reportError(error) {
    if (error.status === 401) askForToken();
    else showStatus(error.message, true);
  }

  // ---------------------------------------------------------------- formatting

  function formatDate(date) {
    if (!date) return "date unknown";
    if (date.start === date.end) return date.start;
    if (date.precision === "month") return `${date.start.slice(0, 7)} (month)`;
    if (date.precision === "year") return `${date.start.slice(0, 4)} (year)`;
    return `${date.start} – ${date.end}${date.precision ? ` (${date.precision})` : ""}`;
  }

  function formatCount(range) {
    if (!range) return "";
    const { min, max } = range;
    if (max === null || max === undefined) return `≥${min}`;
    if (min === max) return String(min);
    return `${min}–${max}`;
  }

  function countryLabel(code) {
    if (!code) return "";
    try {
      return (countryNames && countryNames.of(code)) || code;
    } catch (_) {
      return code;
    }
  }

  function formatPlace(place) {
    if (!place) return "place unknown";
    const parts = [place.name];
    if (place.admin1 && place.admin1 !== place.name) parts.push(place.admin1);
    if (place.country && place.country !== place.name) parts.push(place.country);
    return parts.filter(Boolean).join(", ");
  }

  /** A field's value as words: dates, places with the words the report used, counts as ranges. */
  function formatValue(field, value) {
    if (value === null || value === undefined) return "—";
    if (field === "type" && Array.isArray(value)) return value[1] ? `${value[1]} (${value[0]})` : String(value[0]);
    if (typeof value !== "object") return String(value);
    if (Array.isArray(value)) return value.map((item) => formatValue(field, item)).join(", ");
    if ("start" in value && "end" in value) return formatDate(value);
    if ("min" in value && "max" in value) return formatCount(value);
    if ("name" in value) {
      const place = formatPlace(value);
      return value.text && value.text !== value.name ? `${place} — “${value.text}”` : place;
    }
    return Object.entries(value)
      .filter(([, item]) => item !== null && item !== undefined && item !== "")
      .map(([key, item]) => `${key}: ${typeof item === "object" ? JSON.stringify(item) : item}`)
      .join("; ");
  }

  function disputedFields(record) {
    return Object.entries(record.fields || {})
      .filter(([, comparison]) => comparison.alternatives.some((alt) => alt.verdict === "disputes"))
      .map(([name]) => name);
  }

  /** The event type's colour, as on the map (set through the CSSOM, which the CSP allows). */
  function typeDot(type) {
    const dot = el("span", { class: "type-dot" });
    if (TYPE_COLOURS[type]) dot.style.backgroundColor = TYPE_COLOURS[type];
    return dot;
  }

  function rememberCountry(code) {
    if (!code || knownCountries.has(code)) return;
    knownCountries.add(code);
    countryList.append(el("option", { value: code, label: countryLabel(code) }));
  }

  // ---------------------------------------------------------------- filters and routing

  function paramsFromHash() {
    const hash = location.hash.replace(/^#\/?/, "");
    const query = hash.startsWith("?") ? hash.slice(1) : "";
    return new URLSearchParams(query);
  }

  function fillForm(params) {
    for (const name of FILTERS) {
      const field = form.elements.namedItem(name);
      if (!field) continue;
      if (field.type === "checkbox") field.checked = params.get(name) === "true";
      else field.value = params.get(name) || (name === "sort" ? "-sources" : "");
    }
    form.elements.namedItem("in_view").checked = params.has("bbox");
    if (params.get("bucket")) bucketSelect.value = params.get("bucket");
  }

  function paramsFromForm() {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const field = form.elements.namedItem(name);
      if (field.type === "checkbox") {
        if (field.checked) params.set(name, "true");
      } else if (field.value.trim() !== "" && !(name === "sort" && field.value === "-sources")) {
        if (name === "country" && !/^[A-Za-z]{2}$/.test(field.value.trim())) continue;  // half-typed: wait
        params.set(name, name === "country" ? field.value.trim().toUpperCase() : field.value.trim());
      }
    }
    if (form.elements.namedItem("in_view").checked) {
      const box = mapBoundingBox();
      if (box) params.set("bbox", box);
    }
    if (bucketSelect.value !== "month") params.set("bucket", bucketSelect.value);
    return params;
  }

  function applyFilters(offset) {
    const params = paramsFromForm();
    if (offset) params.set("offset", String(offset));
    const hash = "#/" + (params.toString() ? "?" + params.toString() : "");
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  let typingTimer = null;
  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => applyFilters(0), 300);
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "q") return;
    applyFilters(0);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    applyFilters(0);
  });
  form.addEventListener("reset", () => setTimeout(() => applyFilters(0), 0));
  bucketSelect.addEventListener("change", () => applyFilters(state.offset));
  prevButton.addEventListener("click", () => applyFilters(Math.max(0, state.offset - PAGE_SIZE)));
  nextButton.addEventListener("click", () => applyFilters(state.offset + PAGE_SIZE));

  function route() {
    const match = /^#\/event\/(.+)$/.exec(location.hash);
    if (match) {
      let id = match[1];
      try {
        id = decodeURIComponent(id);
      } catch (_) {
        /* keep it as written */
      }
      showEvent(id);
    } else {
      state.overviewHash = location.hash || "#/";
      showOverview(paramsFromHash());
    }
  }
  window.addEventListener("hashchange", route);

  // ---------------------------------------------------------------- map

  const map = createMap();
  const markers = map ? L.layerGroup().addTo(map) : null;
  const markerById = new Map();

  function createMap() {
    if (typeof L === "undefined") {
      document.getElementById("map").append(
        el("p", { class: "missing" }, "The map library is missing: run `make web` to vendor it."),
      );
      return null;
    }
    const created = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 });
    created.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
    created.setView([30, 20], 2);
    created.on("moveend", () => {
      if (form.elements.namedItem("in_view").checked && !overview.hidden) applyFilters(0);
    });
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () =>
      el(
        "div",
        { class: "map-legend" },
        Object.keys(TYPE_COLOURS).map((type) => el("div", {}, typeDot(type), type)),
        el("div", {}, el("span", { class: "type-dot disputed-key" }), "outlined red: sources disagree"),
      );
    legend.addTo(created);
    loadBorders(created);
    return created;
  }

  async function loadBorders(target) {
    try {
      const topology = await fetchJSON("vendor/world-atlas/countries-50m.json");
      const countries = topojson.feature(topology, topology.objects.countries);
      for (const feature of countries.features) unwrapGeometry(feature.geometry);
      L.geoJSON(countries, {
        renderer: L.canvas({ padding: 0.5 }),
        interactive: false,
        style: { color: "#8a8f98", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(target);
      target.getContainer().dataset.borders = "loaded";
    } catch (error) {
      showStatus(`Country borders could not be loaded (${error.message}); run \`make web\`.`, true);
    }
  }

  /** world-atlas keeps the rings that cross the antimeridian whole (Russia, Fiji, Antarctica), jumping from
   * +180° to -180°; Leaflet draws on a flat plane, where that jump is a line across the world. Each ring's
   * longitudes are unwrapped to run on past ±180° instead. */
  function unwrapGeometry(geometry) {
    if (!geometry) return;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        let shift = 0;
        for (let i = 1; i < ring.length; i++) {
          const step = ring[i][0] + shift - ring[i - 1][0];
          if (step > 180) shift -= 360;
          else if (step < -180) shift += 360;
          ring[i] = [ring[i][0] + shift, ring[i][1]];
        }
      }
    }
  }

  function mapBoundingBox() {
    if (!map) return null;
    const bounds = map.getBounds();
    const clamp = (value, low, high) => Math.min(high, Math.max(low, value)).toFixed(4);
    const wholeWorld = bounds.getEast() - bounds.getWest() >= 360;
    return [
      wholeWorld ? "-180" : clamp(L.Util.wrapNum(bounds.getWest(), [-180, 180], true), -180, 180),
      clamp(bounds.getSouth(), -90, 90),
      wholeWorld ? "180" : clamp(L.Util.wrapNum(bounds.getEast(), [-180, 180], true), -180, 180),
      clamp(bounds.getNorth(), -90, 90),
    ].join(",");
  }

  /** A shared link with "in map view" opens on the area it was made for. */
  function showBoundingBox(box) {
    const [west, south, east, north] = box.split(",").map(Number);
    if (!map || [west, south, east, north].some(Number.isNaN)) return;
    map.fitBounds([[south, west], [north, east < west ? east + 360 : east]], { animate: false });
  }

  function popupFor(record) {
    const killed = formatCount(record.fatalities);
    return el(
      "div",
      { class: "popup" },
      el("strong", {}, record.sub_event_type || record.event_type || "event"),
      el("div", {}, formatDate(record.date)),
      el("div", {}, formatPlace(record.place)),
      killed ? el("div", {}, `killed: ${killed}`) : null,
      el("div", {}, `${record.sources.length} source(s)`),
      el("a", { href: eventHref(record.id) }, "Open the event"),
    );
  }

  function drawMarkers(records, refit) {
    if (!map) return;
    markers.clearLayers();
    markerById.clear();
    const placed = records
      .filter((record) => record.place && typeof record.place.lat === "number" && typeof record.place.lon === "number")
      .sort((a, b) => b.sources.length - a.sources.length);
    for (const record of placed) {
      const disputed = disputedFields(record).length > 0;
      const marker = L.circleMarker([record.place.lat, record.place.lon], {
        radius: 5 + 2.5 * Math.sqrt(record.sources.length),
        color: disputed ? "#b03a2e" : "#1b2631",
        weight: disputed ? 2 : 1,
        dashArray: disputed ? "3 2" : null,
        fillColor: TYPE_COLOURS[record.event_type] || "#566573",
        fillOpacity: 0.75,
        className: "event-marker" + (disputed ? " disputed" : ""),
      });
      marker.bindPopup(popupFor(record));
      marker.bindTooltip(el("span", {}, record.sub_event_type || record.event_type || "event"));
      marker.addTo(markers);
      markerById.set(record.id, marker);
    }
    if (refit && placed.length) {
      const bounds = L.latLngBounds(placed.map((record) => [record.place.lat, record.place.lon]));
      map.fitBounds(bounds.pad(0.3), { maxZoom: 6 });
    }
  }

  function highlightMarker(id, on) {
    const marker = markerById.get(id);
    if (!marker) return;
    marker.setStyle({ weight: on ? 4 : marker.options.className.includes("disputed") ? 2 : 1 });
    if (on) marker.bringToFront();
  }

  // ---------------------------------------------------------------- overview: list, map, timeline

  function showOverview(params) {
    eventPage.hidden = true;
    eventPage.replaceChildren();
    const wasHidden = overview.hidden;
    overview.hidden = false;
    if (map && wasHidden) map.invalidateSize();
    document.title = "eventwire";
    fillForm(params);
    loadOverview(params);
  }

  async function loadOverview(params) {
    const generation = ++state.generation;
    state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    const filters = new URLSearchParams(params);
    filters.delete("offset");
    filters.delete("bucket");
    const bucket = params.get("bucket") || "month";

    const page = new URLSearchParams(filters);
    page.set("limit", String(PAGE_SIZE));
    page.set("offset", String(state.offset));
    const onMap = new URLSearchParams(filters);
    onMap.delete("sort");
    onMap.set("limit", String(MAP_LIMIT));
    const mapKey = onMap.toString();
    const timeline = new URLSearchParams(filters);
    timeline.delete("sort");
    timeline.set("bucket", bucket);

    showStatus("Loading…");
    try {
      const [listing, mapped, counts] = await Promise.all([
        fetchJSON("events?" + page.toString()),
        mapKey === state.mapKey ? null : fetchJSON("events?" + mapKey),
        fetchJSON("timeline?" + timeline.toString()),
      ]);
      if (generation !== state.generation) return;
      renderList(listing);
      if (mapped) {
        if (state.mapFilters === null && params.has("bbox")) showBoundingBox(params.get("bbox"));
        const filtersOnly = new URLSearchParams(onMap);
        filtersOnly.delete("bbox");
        const refit = !params.has("bbox") && filtersOnly.toString() !== state.mapFilters;
        state.mapFilters = filtersOnly.toString();
        state.mapKey = mapKey;
        for (const record of mapped.items) rememberCountry(record.place && record.place.country);
        drawMarkers(mapped.items, refit);
        const hidden = mapped.total - mapped.items.length;
        if (hidden > 0) listSummary.append(` (the map shows the first ${mapped.items.length})`);
      }
      state.timeline = counts;
      renderTimeline(counts);
      showStatus("");
    } catch (error) {
      if (generation !== state.generation) return;
      reportError(error);
    }
  }

  function renderList(listing) {
    const first = listing.items.length ? state.offset + 1 : 0;
    const last = state.offset + listing.items.length;
    listSummary.textContent = listing.total ? `${first}–${last} of ${listing.total}` : "none";
    prevButton.disabled = state.offset === 0;
    nextButton.disabled = last >= listing.total;
    listNode.replaceChildren(
      ...listing.items.map((record) => {
        rememberCountry(record.place && record.place.country);
        const disputed = disputedFields(record);
        const killed = formatCount(record.fatalities);
        const people = record.actors.filter((actor) => actor.name && actor.name !== "unknown");
        const item = el(
          "li",
          { class: "event-item" + (disputed.length ? " disputed" : ""), "data-id": record.id },
          el(
            "a",
            { class: "event-link", href: eventHref(record.id) },
            typeDot(record.event_type),
            record.sub_event_type || record.event_type || "event",
          ),
          el(
            "div",
            { class: "meta" },
            el("span", {}, formatDate(record.date)),
            el("span", {}, formatPlace(record.place)),
            killed ? el("span", {}, `killed ${killed}`) : null,
            el("span", { class: "n-sources" }, `${record.sources.length} source${record.sources.length === 1 ? "" : "s"}`),
          ),
          people.length
            ? el("div", { class: "actors" }, people.map((actor) => `${actor.name} (${actor.role})`).join(" · "))
            : null,
          disputed.length ? el("div", { class: "badge disputed" }, `disputed: ${disputed.join(", ")}`) : null,
        );
        item.addEventListener("mouseenter", () => highlightMarker(record.id, true));
        item.addEventListener("mouseleave", () => highlightMarker(record.id, false));
        return item;
      }),
    );
    if (!listing.items.length) listNode.append(el("li", { class: "empty" }, "No event matches these filters."));
  }

  // ---------------------------------------------------------------- timeline

  function utc(year, month, day) {
    return Date.UTC(year, month - 1, day);
  }

  function isoDay(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  /** The first and last day (UTC milliseconds) of a period as the API names it. */
  function periodRange(period, bucket) {
    let m = /^(\d{4})$/.exec(period);
    if (m) return [utc(+m[1], 1, 1), utc(+m[1], 12, 31)];
    m = /^(\d{4})-(\d{2})$/.exec(period);
    if (m) return [utc(+m[1], +m[2], 1), utc(+m[1], +m[2] + 1, 1) - DAY_MS];
    m = /^(\d{4})-W(\d{2})$/.exec(period);
    if (m) {
      const jan4 = utc(+m[1], 1, 4);
      const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS + (+m[2] - 1) * 7 * DAY_MS;
      return [monday, monday + 6 * DAY_MS];
    }
    m = /^(\d{4})-(\d{2})-(\d{2})/.exec(period);
    if (m) {
      const day = utc(+m[1], +m[2], +m[3]);
      return [day, bucket === "week" ? day + 6 * DAY_MS : day];
    }
    return null;
  }

  function renderTimeline(data) {
    const bars = (data.counts || [])
      .map((entry) => ({ ...entry, range: periodRange(entry.period, data.bucket) }))
      .filter((entry) => entry.range);
    chartNode.replaceChildren();
    if (!bars.length) {
      chartNode.append(el("p", { class: "empty" }, "No dated events."));
      return;
    }
    const width = Math.max(300, chartNode.clientWidth || 600);
    const height = 130;
    const margin = { left: 34, right: 8, top: 10, bottom: 22 };
    const t0 = Math.min(...bars.map((bar) => bar.range[0]));
    const t1 = Math.max(...bars.map((bar) => bar.range[1])) + DAY_MS;
    const most = Math.max(...bars.map((bar) => bar.count));
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const x = (time) => margin.left + ((time - t0) / (t1 - t0)) * plotWidth;
    const y = (count) => margin.top + plotHeight - (count / most) * plotHeight;

    const chart = svg("svg", {
      class: "histogram",
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": `Events per ${data.bucket}`,
    });
    chart.append(
      svg("line", { class: "axis", x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0) }),
      svg("text", { class: "tick", x: margin.left - 4, y: y(most) + 4, "text-anchor": "end" }, String(most)),
      svg("text", { class: "tick", x: margin.left - 4, y: y(0), "text-anchor": "end" }, "0"),
    );
    let labelEnd = -Infinity;
    for (const bar of bars) {
      const left = x(bar.range[0]);
      const barWidth = Math.max(2, x(bar.range[1] + DAY_MS) - left - 1);
      const rect = svg(
        "rect",
        {
          class: "bar",
          x: left,
          y: y(bar.count),
          width: barWidth,
          height: y(0) - y(bar.count),
          tabindex: 0,
          "data-period": bar.period,
          "data-count": bar.count,
        },
        svg("title", {}, `${bar.period}: ${bar.count} event${bar.count === 1 ? "" : "s"} (click to filter)`),
      );
      const select = () => {
        form.elements.namedItem("date_from").value = isoDay(bar.range[0]);
        form.elements.namedItem("date_to").value = isoDay(bar.range[1]);
        applyFilters(0);
      };
      rect.addEventListener("click", select);
      rect.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") select();
      });
      chart.append(rect);
      const centre = left + barWidth / 2;
      const labelWidth = bar.period.length * 6.5;
      if (centre - labelWidth / 2 > labelEnd + 6 && centre + labelWidth / 2 <= width) {
        chart.append(svg("text", { class: "tick", x: centre, y: height - 6, "text-anchor": "middle" }, bar.period));
        labelEnd = centre + labelWidth / 2;
      }
    }
    chartNode.append(chart);
    if (data.undated) chartNode.append(el("p", { class: "note" }, `${data.undated} matching event(s) have no date.`));
  }

  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (state.timeline && !overview.hidden) renderTimeline(state.timeline);
    }, 150);
  });

  // ---------------------------------------------------------------- event page

  async function showEvent(id) {
    const generation = ++state.generation;
    overview.hidden = true;
    eventPage.hidden = false;
    eventPage.replaceChildren(el("p", {}, "Loading…"));
    showStatus("");
    try {
      const record = await fetchJSON("events/" + encodeURIComponent(id));
      if (generation !== state.generation) return;
      renderEvent(record);
      window.scrollTo(0, 0);
    } catch (error) {
      if (generation !== state.generation) return;
      eventPage.replaceChildren(
        backLink(),
        el("p", { class: "error" }, error.status === 404 ? `There is no event ${id}.` : error.message),
      );
      if (error.status === 401) askForToken();
    }
  }

  function backLink() {
    return el("a", { class: "back", href: state.overviewHash }, "← all events");
  }

  function renderEvent(record) {
    const articles = new Map((record.articles || []).map((article) => [article.id, article]));
    const outlets = new Map(
      record.sources.map((source) => [source.article_id, source.outlet || (articles.get(source.article_id) || {}).outlet || source.article_id]),
    );
    const disputed = disputedFields(record);
    const title = record.sub_event_type || record.event_type || "Event";
    document.title = `${title} — eventwire`;

    const parts = [
      backLink(),
      el(
        "header",
        { class: "event-head" },
        el("h1", {}, title, record.place ? ` — ${record.place.name}` : "", record.date ? `, ${formatDate(record.date)}` : ""),
        el("p", { class: "event-id" }, record.id),
        disputed.length ? el("p", { class: "badge disputed" }, `disputed: ${disputed.join(", ")}`) : null,
      ),
      summaryList(record),
      actorsTable(record),
      fieldsTable(record, outlets),
      linksDetails(record, outlets),
      sourcesSideBySide(record, articles),
    ];
    eventPage.replaceChildren(...parts.filter(Boolean));
  }

  function summaryList(record) {
    const place = record.place;
    const rows = [
      ["Type", record.event_type ? `${record.sub_event_type || "—"} (${record.event_type})` : "—"],
      ["Date", record.date ? formatDate(record.date) + (record.date.precision ? ` · precision: ${record.date.precision}` : "") : "—"],
      [
        "Place",
        place
          ? [
              formatPlace(place),
              place.lat !== null && place.lat !== undefined ? ` · ${place.lat.toFixed(4)}, ${place.lon.toFixed(4)}` : "",
              place.precision ? ` · precision: ${place.precision}` : "",
              place.geonameid ? ` · GeoNames ${place.geonameid}` : "",
            ].join("")
          : "—",
      ],
      ["Fatalities", formatCount(record.fatalities) || "—"],
      ["Sources", String(record.sources.length)],
    ];
    return el(
      "section",
      { class: "summary", "aria-label": "Merged record" },
      el("h2", {}, "Merged record"),
      el("dl", {}, rows.map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])),
    );
  }

  function actorsTable(record) {
    if (!record.actors.length) return null;
    return el(
      "section",
      { class: "actors-section" },
      el("h2", {}, "Actors"),
      el(
        "table",
        { class: "actors" },
        el("thead", {}, el("tr", {}, ["Name", "Role", "Title", "Affiliation", "Claimed", "Evidence"].map((h) => el("th", {}, h)))),
        el(
          "tbody",
          {},
          record.actors.map((actor) =>
            el(
              "tr",
              {},
              el("td", {}, actor.name || "—"),
              el("td", {}, actor.role || "—"),
              el("td", {}, actor.title || ""),
              el("td", {}, actor.affiliation || ""),
              el("td", {}, actor.claimed_responsibility ? "yes" : ""),
              el("td", { class: "evidence" }, actor.evidence ? el("q", {}, actor.evidence.sentence.trim()) : ""),
            ),
          ),
        ),
      ),
    );
  }

  function fieldsTable(record, outlets) {
    const names = Object.keys(record.fields || {});
    if (!names.length) return null;
    return el(
      "section",
      { class: "fields-section" },
      el("h2", {}, "What each source says"),
      el(
        "table",
        { class: "fields" },
        el("thead", {}, el("tr", {}, el("th", {}, "Field"), el("th", {}, "Consensus"), el("th", {}, "Values in the sources"))),
        el(
          "tbody",
          {},
          names.map((name) => {
            const comparison = record.fields[name];
            const isDisputed = comparison.alternatives.some((alt) => alt.verdict === "disputes");
            return el(
              "tr",
              { class: "field-row" + (isDisputed ? " disputed" : ""), "data-field": name },
              el("th", { scope: "row" }, name, isDisputed ? el("span", { class: "label disputed" }, "disputed") : null),
              el("td", { class: "consensus" }, formatValue(name, comparison.consensus)),
              el(
                "td",
                {},
                comparison.alternatives.length
                  ? el("ul", { class: "alternatives" }, comparison.alternatives.map((alt) => alternativeItem(name, alt, outlets)))
                  : el("span", { class: "empty" }, "no source gives a value"),
              ),
            );
          }),
        ),
      ),
    );
  }

  function alternativeItem(field, alt, outlets) {
    return el(
      "li",
      { class: `alternative verdict-${VERDICTS.includes(alt.verdict) ? alt.verdict : "other"}` },
      el("span", { class: "value" }, formatValue(field, alt.value)),
      " ",
      el("span", { class: `verdict ${VERDICTS.includes(alt.verdict) ? alt.verdict : ""}` }, alt.verdict),
      el(
        "div",
        { class: "alt-sources" },
        alt.sources.map((articleId) =>
          el(
            "button",
            { type: "button", class: "source-chip", onclick: () => scrollToSource(articleId) },
            outlets.get(articleId) || articleId,
          ),
        ),
      ),
      evidenceList(alt),
    );
  }

  /** The sentences a value was read from; open where a source departs from the consensus. */
  function evidenceList(alt) {
    const sentences = uniqueEvidence(alt.evidence);
    if (!sentences.length) return null;
    return el(
      "details",
      { class: "evidence", open: alt.verdict !== "agrees" },
      el("summary", {}, `evidence (${sentences.length} sentence${sentences.length === 1 ? "" : "s"})`),
      el(
        "ul",
        {},
        sentences.map((evidence) =>
          el(
            "li",
            {},
            el(
              "button",
              { type: "button", class: "evidence-link", title: "Show in the sources", onclick: () => scrollToEvidence(alt.sources, evidence) },
              el("q", {}, evidence.sentence.trim()),
            ),
          ),
        ),
      ),
    );
  }

  function uniqueEvidence(list) {
    const seen = new Set();
    return list.filter((evidence) => {
      const key = evidence.sentence.trim();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  function linksDetails(record, outlets) {
    const links = (record.links || []).filter((link) => link.linked_to);
    if (!links.length) return null;
    const outletOf = (mentionId) => outlets.get(mentionId.slice(0, mentionId.lastIndexOf("-"))) || mentionId;
    return el(
      "details",
      { class: "links" },
      el("summary", {}, `Why these reports were merged (${links.length} link${links.length === 1 ? "" : "s"})`),
      el(
        "ul",
        {},
        links.map((link) =>
          el(
            "li",
            {},
            `${outletOf(link.mention_id)} (${link.mention_id}) joined ${outletOf(link.linked_to)} (${link.linked_to})`,
            link.score !== null && link.score !== undefined ? `, score ${Number(link.score).toFixed(2)}` : "",
            Object.keys(link.signals || {}).length
              ? `: ${Object.entries(link.signals).map(([signal, weight]) => `${signal} ${weight}`).join(", ")}`
              : "",
          ),
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- sources side by side

  /** Offsets from the API count code points (Python); JavaScript strings count UTF-16 units. */
  function codePointOffsets(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (offset) => offset;
    const units = [];
    let unit = 0;
    for (const character of text) {
      units.push(unit);
      unit += character.length;
    }
    units.push(unit);
    return (offset) => units[Math.min(Math.max(offset, 0), units.length - 1)];
  }

  /** Where an evidence sentence sits in this article's text, or null if it is not this article's. */
  function locate(text, toUnits, evidence, searchIfMoved) {
    const start = toUnits(evidence.start);
    const end = toUnits(evidence.end);
    const slice = text.slice(start, end);
    if (slice === evidence.sentence || (slice.trim() && slice.trim() === evidence.sentence.trim())) return [start, end];
    if (!searchIfMoved) return null;
    const sentence = evidence.sentence.trim();
    const found = sentence ? text.indexOf(sentence) : -1;
    return found < 0 ? null : [found, found + sentence.length];
  }

  function evidenceSpans(record, article) {
    const text = article.text || "";
    const toUnits = codePointOffsets(text);
    const spans = [];
    for (const [field, comparison] of Object.entries(record.fields || {})) {
      for (const alt of comparison.alternatives) {
        if (!alt.sources.includes(article.id)) continue;
        for (const evidence of alt.evidence) {
          const at = locate(text, toUnits, evidence, true);
          if (at) spans.push({ start: at[0], end: at[1], key: evidence.start, label: `${field}: ${alt.verdict}`, verdict: alt.verdict });
        }
      }
    }
    for (const actor of record.actors || []) {
      if (!actor.evidence) continue;
      const at = locate(text, toUnits, actor.evidence, false);
      if (at) spans.push({ start: at[0], end: at[1], key: actor.evidence.start, label: `${actor.role}: ${actor.name}`, verdict: null });
    }
    return spans;
  }

  /** The article text as text nodes and <mark>s; overlapping evidence is cut into segments. */
  function highlightedText(text, spans) {
    const cuts = new Set([0, text.length]);
    for (const span of spans) {
      cuts.add(span.start);
      cuts.add(span.end);
    }
    const points = [...cuts].filter((point) => point >= 0 && point <= text.length).sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i < points.length - 1; i++) {
      const [from, to] = [points[i], points[i + 1]];
      const piece = text.slice(from, to);
      const covering = spans.filter((span) => span.start <= from && span.end >= to);
      if (!covering.length) {
        nodes.push(document.createTextNode(piece));
        continue;
      }
      const verdicts = new Set(covering.map((span) => span.verdict));
      const kind = verdicts.has("disputes") ? "disputes" : verdicts.has("refines") ? "refines" : "agrees";
      nodes.push(
        el(
          "mark",
          {
            class: `evidence ${kind}`,
            title: [...new Set(covering.map((span) => span.label))].join("; "),
            "data-starts": [...new Set(covering.map((span) => span.key))].join(" "),
          },
          piece,
        ),
      );
    }
    return nodes;
  }

  function sourcesSideBySide(record, articles) {
    const columns = record.sources.map((source) => {
      const article = articles.get(source.article_id);
      const verdicts = Object.entries(record.fields || {})
        .map(([field, comparison]) => [field, comparison.alternatives.find((alt) => alt.sources.includes(source.article_id))])
        .filter(([, alt]) => alt);
      const text = article ? article.text || "" : "";
      return el(
        "article",
        { class: "source", "data-article": source.article_id },
        el(
          "header",
          {},
          el("h3", {}, source.outlet || (article && article.outlet) || "unknown outlet"),
          el("p", { class: "published" }, source.published || (article && article.published) || "no date"),
          article && article.title ? el("h4", { class: "title" }, article.title) : null,
          source.url || (article && article.url) ? externalLink(source.url || article.url) : null,
          el(
            "div",
            { class: "source-verdicts" },
            verdicts.map(([field, alt]) => el("span", { class: `verdict ${alt.verdict}`, title: formatValue(field, alt.value) }, `${field}: ${alt.verdict}`)),
          ),
        ),
        article
          ? el("div", { class: "article-text" }, highlightedText(text, evidenceSpans(record, article)))
          : el("p", { class: "empty" }, "The text of this report is not available."),
      );
    });
    return el(
      "section",
      { class: "sources-section" },
      el("h2", {}, `Sources side by side (${columns.length})`),
      el("p", { class: "legend" }, "Highlighted: the evidence sentences; ", el("mark", { class: "evidence disputes" }, "red"), " where the source disputes the consensus, ", el("mark", { class: "evidence refines" }, "blue"), " where it refines it."),
      el("div", { class: "sources" }, columns),
    );
  }

  function flash(node) {
    node.scrollIntoView({ behavior: "smooth", block: "nearest", inline: "nearest" });
    node.classList.remove("flash");
    void node.offsetWidth;
    node.classList.add("flash");
  }

  function scrollToSource(articleId) {
    const column = [...eventPage.querySelectorAll("article.source")].find((node) => node.dataset.article === articleId);
    if (column) flash(column);
  }

  function scrollToEvidence(sources, evidence) {
    for (const column of eventPage.querySelectorAll("article.source")) {
      if (!sources.includes(column.dataset.article)) continue;
      const mark = [...column.querySelectorAll("mark.evidence")].find((node) =>
        node.dataset.starts.split(" ").includes(String(evidence.start)),
      );
      if (mark) {
        mark.scrollIntoView({ behavior: "smooth", block: "center", inline: "nearest" });
        mark.classList.remove("flash");
        void mark.offsetWidth;
        mark.classList.add("flash");
      }
    }
  }

  route();
})();
