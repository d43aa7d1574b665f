// Copies the minified files the UI uses from node_modules into ../static/vendor.
// Run through scripts/build_ui.sh, which installs node_modules outside the repository.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = process.env.SITROOM_UI_MODULES || join(here, "node_modules");
const out = join(here, "..", "static", "vendor");
mkdirSync(out, { recursive: true });

const files = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "MarkerCluster.css"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["world-atlas/countries-110m.json", "countries-110m.json"],
];
for (const [from, to] of files) copyFileSync(join(modules, from), join(out, to));
// Source maps are not shipped: drop the comments that point at them.
for (const name of ["leaflet.js", "leaflet.markercluster.js"]) {
  const path = join(out, name);
  writeFileSync(path, readFileSync(path, "utf8").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"));
}
const licences = ["leaflet/LICENSE", "leaflet.markercluster/MIT-LICENCE.txt", "topojson-client/LICENSE",
  "world-atlas/LICENSE"];
const text = licences.map((p) => {
  try { return `== ${p.split("/")[0]} ==\n` + readFileSync(join(modules, p), "utf8"); }
  catch { return `== ${p.split("/")[0]} == (licence file not found: see its package.json)\n`; }
});
writeFileSync(join(out, "LICENSES.txt"), text.join("\n"));
console.log(`vendored ${files.length} files into ${out}`);
