//! A static SVG map of the border: countries, the line, sectors, crossings,
//! major places and the caller's incident points.
//!
//! The map has to work where the web UI works: on a slow link, without
//! JavaScript, without tile servers. So it is one self-contained SVG string,
//! produced by a pure function: a fixed equirectangular projection scaled by
//! the cosine of the middle latitude (distortion under 8 % across 24–38° N),
//! outlines simplified with Douglas–Peucker to about half a pixel, one
//! `<g id="…">` per layer, and labels placed greedily so they never overlap
//! (a label that finds no free spot is left out; its dot stays).

use std::fmt::Write as _;

use geo::Simplify;

use crate::{GeoPoint, Geography, Side, sphere};

/// A point the caller wants on the map (an incident, a report).
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarker {
    /// Where it is.
    pub point: GeoPoint,
    /// Its label (escaped for XML by the renderer).
    pub label: String,
    /// Its status, which picks the colour: `reported`/`alleged`,
    /// `under_investigation`, `confirmed`, `not_confirmed`, `inconclusive`;
    /// anything else is drawn grey.
    pub status: String,
}

/// An early-warning alert on a border sector, drawn as a warning
/// triangle on the sector's stretch of the line.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorAlert {
    /// The sector's id in the geography; an unknown one is not drawn.
    pub sector: String,
    /// What the triangle says when pointed at (escaped by the renderer).
    pub label: String,
}

/// Rendering options.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    /// Width of the map area in pixels (the legend adds to it).
    pub width_px: u32,
    /// Title drawn at the top.
    pub title: String,
    /// The map's own words, in the reader's language.
    pub labels: MapLabels,
    /// Alerts to draw on their sectors (none on the public map).
    pub alerts: Vec<SectorAlert>,
}

impl Default for MapOptions {
    fn default() -> Self {
        Self {
            width_px: 900,
            title: "Pakistan–Afghanistan border (Durand Line)".to_owned(),
            labels: MapLabels::default(),
            alerts: Vec::new(),
        }
    }
}

/// The words a map draws besides the data's names: legend headings, the
/// incidents' statuses, the two countries and the attribution. English by
/// default; a page gives its own language's.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabels {
    /// The heading of the sectors' legend.
    pub sectors: String,
    /// The heading of the crossings' legend.
    pub crossings: String,
    /// A crossing placed from a source.
    pub crossing_sourced: String,
    /// A crossing placed approximately on the line.
    pub crossing_approximate: String,
    /// The heading of the incidents' legend.
    pub incidents: String,
    /// The legend's entry for an early-warning alert on a sector.
    pub alert: String,
    /// The statuses, in the order reported, under investigation,
    /// confirmed, not confirmed, inconclusive, other.
    pub statuses: [String; 6],
    /// Afghanistan's name, drawn on the map.
    pub afghanistan: String,
    /// Pakistan's name, drawn on the map.
    pub pakistan: String,
    /// The sources and caveats, one string; wrapped to the legend's width.
    pub attribution: String,
}

impl Default for MapLabels {
    fn default() -> Self {
        Self {
            sectors: "Border sectors".to_owned(),
            crossings: "Crossings".to_owned(),
            crossing_sourced: "position from a source".to_owned(),
            crossing_approximate: "placed approximately on the line".to_owned(),
            incidents: "Incidents".to_owned(),
            alert: "early-warning alert".to_owned(),
            statuses: STATUSES.map(|(_, _, label)| label.to_owned()),
            afghanistan: Side::Afghanistan.name().to_uppercase(),
            pakistan: Side::Pakistan.name().to_uppercase(),
            attribution: "Line and countries: Natural Earth 1:10m (public domain). Places: GeoNames, CC BY 4.0. \
                          Not an authoritative boundary: the 1:10M line is off by up to a few km. Equirectangular \
                          projection."
                .to_owned(),
        }
    }
}

/// `text` broken into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The area drawn: both countries plus a little margin (west, south, east,
/// north, degrees).
const EXTENT: [f64; 4] = [60.0, 23.3, 77.5, 38.9];
const MARGIN_TOP: f64 = 40.0;
const LEGEND_WIDTH: f64 = 300.0;

const SECTOR_COLOURS: [&str; 13] = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#b2df8a", "#fb9a99",
    "#6a3d9a", "#ff7f00", "#33a02c",
];

const STATUSES: [(&str, &str, &str); 6] = [
    ("reported", "#fdae61", "reported / alleged"),
    ("under_investigation", "#f46d43", "under investigation"),
    ("confirmed", "#d7191c", "confirmed"),
    ("not_confirmed", "#2c7bb6", "not confirmed"),
    ("inconclusive", "#984ea3", "inconclusive"),
    ("other", "#636363", "other"),
];

fn status_key(status: &str) -> &'static str {
    let folded: String =
        status.trim().to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    match folded.as_str() {
        "reported" | "alleged" | "open" | "received" | "filed" => "reported",
        "under_investigation" | "investigating" | "investigation" | "triage" | "in_review" | "under_review" => {
            "under_investigation"
        }
        "confirmed" | "violation_confirmed" | "upheld" => "confirmed",
        "not_confirmed" | "unconfirmed" | "dismissed" | "rejected" => "not_confirmed",
        "inconclusive" => "inconclusive",
        _ => "other",
    }
}

/// Where a marker of `status` falls among the map's statuses, in the
/// order of [`MapLabels::statuses`]: a list of the same incidents as the
/// map (for screen readers and phones) names each with the legend's word.
pub fn status_index(status: &str) -> usize {
    let key = status_key(status);
    STATUSES.iter().position(|(k, _, _)| *k == key).unwrap_or(STATUSES.len() - 1)
}

fn status_colour(key: &str) -> &'static str {
    STATUSES.iter().find(|(k, _, _)| *k == key).map_or("#636363", |(_, colour, _)| colour)
}

/// The fixed projection.
#[derive(Debug, Clone, Copy)]
struct Projection {
    scale: f64,
    cos_mid: f64,
}

impl Projection {
    fn new(width_px: f64) -> Self {
        let [west, south, east, north] = EXTENT;
        let cos_mid = ((south + north) / 2.0).to_radians().cos();
        Self { scale: width_px / ((east - west) * cos_mid), cos_mid }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        let [west, _, _, north] = EXTENT;
        ((lon - west) * self.cos_mid * self.scale, MARGIN_TOP + (north - lat) * self.scale)
    }

    fn height(&self) -> f64 {
        let [_, south, _, north] = EXTENT;
        (north - south) * self.scale
    }
}

/// Greedy label placement: a list of occupied boxes.
#[derive(Debug, Default)]
struct Labels {
    taken: Vec<[f64; 4]>,
    bounds: [f64; 4],
}

impl Labels {
    fn occupy(&mut self, x: f64, y: f64, r: f64) {
        self.taken.push([x - r, y - r, x + r, y + r]);
    }

    /// Finds a free spot for `text` next to (x, y); returns the text anchor
    /// position and `text-anchor` value, and marks it taken.
    fn place(&mut self, x: f64, y: f64, text: &str, size: f64) -> Option<(f64, f64, &'static str)> {
        let width = text.chars().count() as f64 * size * 0.58;
        let height = size * 1.1;
        let candidates = |gap: f64| {
            [
                (x + gap, y + size * 0.35, "start"),
                (x - gap, y + size * 0.35, "end"),
                (x, y - gap, "middle"),
                (x, y + gap + size, "middle"),
                (x + gap, y - gap, "start"),
                (x + gap, y + gap + size * 0.7, "start"),
                (x - gap, y - gap, "end"),
                (x - gap, y + gap + size * 0.7, "end"),
            ]
        };
        // Close to the point first; a second ring further out before giving up.
        for (tx, ty, anchor) in candidates(6.0).into_iter().chain(candidates(16.0)) {
            let left = match anchor {
                "start" => tx,
                "end" => tx - width,
                _ => tx - width / 2.0,
            };
            let rect = [left, ty - size * 0.85, left + width, ty - size * 0.85 + height];
            let inside = rect[0] >= self.bounds[0]
                && rect[1] >= self.bounds[1]
                && rect[2] <= self.bounds[2]
                && rect[3] <= self.bounds[3];
            if inside && !self.taken.iter().any(|t| overlaps(t, &rect)) {
                self.taken.push(rect);
                return Some((tx, ty, anchor));
            }
        }
        None
    }
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn path_of(points: impl IntoIterator<Item = (f64, f64)>, close: bool) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.into_iter().enumerate() {
        let _ = write!(d, "{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x, y);
    }
    if close && !d.is_empty() {
        d.push('Z');
    }
    d
}

/// Points of the line between two chainages (km along the line).
fn line_between(vertices: &[[f64; 2]], from_km: f64, to_km: f64) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    let mut walked = 0.0;
    for pair in vertices.windows(2) {
        let [a, b] = match pair {
            [a, b] => [*a, *b],
            _ => continue,
        };
        let length = sphere::unit_km(sphere::unit(a[0], a[1]), sphere::unit(b[0], b[1]));
        let (start, end) = (walked, walked + length);
        walked = end;
        if end < from_km || start > to_km || length <= 0.0 {
            continue;
        }
        let at = |km: f64| {
            let t = ((km - start) / length).clamp(0.0, 1.0);
            [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
        };
        if out.is_empty() {
            out.push(at(from_km.max(start)));
        }
        out.push(at(to_km.min(end)));
    }
    out
}

/// The size in pixels (width, height) of the SVG [`render_map`] draws with
/// `options`, legend included.
pub fn map_size(options: &MapOptions) -> (f64, f64) {
    let map_width = f64::from(options.width_px.clamp(300, 4000));
    let projection = Projection::new(map_width);
    (map_width + LEGEND_WIDTH, MARGIN_TOP + projection.height() + 10.0)
}

/// The place under pixel (`x`, `y`) of the map [`render_map`] draws with
/// `options`, drawn at its own size: the inverse of its projection. `None`
/// off the map area (the title, the legend, the margins).
///
/// This is how a form without JavaScript lets someone point at the map: an
/// `<input type="image">` sends the pixel clicked, and the server turns it
/// back into a position.
pub fn position_at(options: &MapOptions, x: f64, y: f64) -> Option<(f64, f64)> {
    let map_width = f64::from(options.width_px.clamp(300, 4000));
    let projection = Projection::new(map_width);
    if !(x.is_finite() && y.is_finite()) || x < 0.0 || x > map_width {
        return None;
    }
    if y < MARGIN_TOP || y > MARGIN_TOP + projection.height() {
        return None;
    }
    let [west, _, _, north] = EXTENT;
    let lon = west + x / (projection.cos_mid * projection.scale);
    let lat = north - (y - MARGIN_TOP) / projection.scale;
    Some((lat, lon))
}

/// Renders the map as a standalone SVG document.
pub fn render_map(geo: &Geography, markers: &[MapMarker], options: &MapOptions) -> String {
    let map_width = f64::from(options.width_px.clamp(300, 4000));
    let projection = Projection::new(map_width);
    let map_height = projection.height();
    let width = map_width + LEGEND_WIDTH;
    let height = MARGIN_TOP + map_height + 10.0;
    let epsilon = 0.6 / projection.scale;
    let mut labels =
        Labels { taken: Vec::new(), bounds: [2.0, MARGIN_TOP + 2.0, map_width - 2.0, MARGIN_TOP + map_height - 2.0] };

    let mut svg = String::with_capacity(64 * 1024);
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="DejaVu Sans, Arial, sans-serif">
<title>{title}</title>
<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="#ffffff"/>
<rect x="0" y="{MARGIN_TOP}" width="{map_width:.0}" height="{map_height:.0}" fill="#eef3f7"/>
<text x="10" y="26" font-size="18" font-weight="bold" fill="#222">{title}</text>
"##,
        title = escape(&options.title),
    );

    // Countries.
    svg.push_str("<g id=\"countries\" stroke=\"#8c8c8c\" stroke-width=\"0.8\">\n");
    for (side, fill) in [(Side::Afghanistan, "#f4ecd8"), (Side::Pakistan, "#e3efd9")] {
        let simplified = geo.outline(side).simplify(epsilon);
        let mut d = String::new();
        for polygon in &simplified {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                d.push_str(&path_of(ring.coords().map(|c| projection.xy(c.x, c.y)), true));
            }
        }
        let _ = writeln!(
            svg,
            r#"<path id="country-{}" d="{d}" fill="{fill}" fill-rule="evenodd"/>"#,
            side.iso_code().to_lowercase()
        );
    }
    svg.push_str("</g>\n");

    // Border line.
    let line: Vec<[f64; 2]> = geo.border_line().to_vec();
    let line_string = geo::LineString::from(line.iter().map(|&[x, y]| (x, y)).collect::<Vec<_>>());
    let simplified_line = line_string.simplify(epsilon);
    let _ = writeln!(
        svg,
        "<g id=\"border\"><path d=\"{}\" fill=\"none\" stroke=\"#7f0000\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/></g>",
        path_of(simplified_line.coords().map(|c| projection.xy(c.x, c.y)), false)
    );

    // Sectors: coloured stretches of the line, numbered.
    svg.push_str(
        "<g id=\"sectors\" fill=\"none\" stroke-width=\"5\" stroke-linecap=\"butt\" stroke-opacity=\"0.75\">\n",
    );
    let mut sector_numbers = String::new();
    let mut alert_layer = String::from("<g id=\"alerts\">\n");
    for (index, sector) in geo.sectors().iter().enumerate() {
        let colour = SECTOR_COLOURS.get(index % SECTOR_COLOURS.len()).copied().unwrap_or("#999");
        let stretch = line_between(&line, sector.start_km, sector.end_km);
        let stretch_ls = geo::LineString::from(stretch.iter().map(|&[x, y]| (x, y)).collect::<Vec<_>>());
        let _ = writeln!(
            svg,
            r#"<path id="sector-{}" d="{}" stroke="{colour}"><title>{}</title></path>"#,
            sector.id,
            path_of(stretch_ls.simplify(epsilon).coords().map(|c| projection.xy(c.x, c.y)), false),
            escape(&sector.name)
        );
        // The number sits mid-sector, or a little off-centre where a
        // crossing's symbol would hide it.
        let crossing_spots: Vec<(f64, f64)> = geo.crossings().iter().map(|c| projection.xy(c.lon, c.lat)).collect();
        let clearance = |(x, y): (f64, f64)| {
            crossing_spots.iter().map(|(cx, cy)| (cx - x).hypot(cy - y)).fold(f64::INFINITY, f64::min)
        };
        let spots: Vec<(f64, f64)> = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9]
            .iter()
            .filter_map(|fraction| {
                let km = sector.start_km + fraction * (sector.end_km - sector.start_km);
                let &[lon, lat] = line_between(&line, km, km).first()?;
                Some(projection.xy(lon, lat))
            })
            .collect();
        let spot = spots
            .iter()
            .copied()
            .find(|&xy| clearance(xy) > 14.0)
            .or_else(|| spots.iter().copied().max_by(|a, b| clearance(*a).total_cmp(&clearance(*b))));
        let alerts: Vec<&SectorAlert> = options.alerts.iter().filter(|a| a.sector == sector.id).collect();
        if let (Some((x, y)), false) = (spot, alerts.is_empty()) {
            // Above the sector's number, pointing at it; one per sector, saying every alert.
            let said: Vec<String> = alerts.iter().map(|a| escape(&a.label)).collect();
            labels.occupy(x, y - 16.0, 10.0);
            let _ = writeln!(
                alert_layer,
                r##"<path class="alert" d="M{x:.1},{:.1}l9,-15l-18,0z" fill="#b2182b" stroke="#ffffff" stroke-width="1.2"><title>{}: {}</title></path>"##,
                y - 8.0,
                escape(&sector.name),
                said.join("&#10;")
            );
        }
        if let Some((x, y)) = spot {
            labels.occupy(x, y, 8.0);
            let _ = writeln!(
                sector_numbers,
                r##"<g><circle cx="{x:.1}" cy="{y:.1}" r="7.5" fill="{colour}" stroke="#ffffff" stroke-width="1"/><text x="{x:.1}" y="{:.1}" font-size="9" font-weight="bold" fill="#ffffff" stroke="none" text-anchor="middle">{}</text></g>"##,
                y + 3.2,
                index + 1
            );
        }
    }
    svg.push_str(&sector_numbers);
    svg.push_str("</g>\n");
    alert_layer.push_str("</g>\n");

    // Country names at fixed, empty spots (central Afghanistan, western
    // Balochistan), reserved before any other label.
    let mut country_labels = String::from(
        "<g id=\"country-labels\" font-size=\"22\" font-weight=\"bold\" fill=\"#a39a85\" letter-spacing=\"4\" text-anchor=\"middle\">\n",
    );
    for (name, lon, lat) in [(&options.labels.afghanistan, 64.6, 33.0), (&options.labels.pakistan, 66.2, 27.3)] {
        let (x, y) = projection.xy(lon, lat);
        let name = escape(name);
        let half = name.chars().count() as f64 * (22.0 * 0.68 + 4.0) / 2.0;
        labels.taken.push([x - half, y - 20.0, x + half, y + 6.0]);
        let _ = writeln!(country_labels, r#"<text x="{x:.1}" y="{y:.1}">{name}</text>"#);
    }
    country_labels.push_str("</g>\n");

    // Occupy marker spots first so labels avoid every dot.
    let place_selection: Vec<_> = {
        let mut chosen: Vec<_> = geo
            .places()
            .iter()
            .filter(|p| {
                matches!(p.feature_code.as_str(), "PPLC" | "PPLA")
                    || p.population >= 500_000
                    || (p.border_km <= 30.0 && p.population >= 5_000)
            })
            .filter(|p| {
                let [w, s, e, n] = EXTENT;
                (w..=e).contains(&p.lon) && (s..=n).contains(&p.lat)
            })
            .collect();
        chosen.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
        chosen
    };
    for marker in markers {
        let (x, y) = projection.xy(marker.point.lon(), marker.point.lat());
        labels.occupy(x, y, 6.0);
    }
    for crossing in geo.crossings() {
        let (x, y) = projection.xy(crossing.lon, crossing.lat);
        labels.occupy(x, y, 4.5);
    }
    for place in &place_selection {
        let (x, y) = projection.xy(place.lon, place.lat);
        labels.occupy(x, y, 2.5);
    }

    // Labels by priority: incidents, crossings, places.
    let mut incident_layer = String::from("<g id=\"incidents\">\n");
    for marker in markers {
        let key = status_key(&marker.status);
        let (x, y) = projection.xy(marker.point.lon(), marker.point.lat());
        let _ = write!(
            incident_layer,
            r##"<g class="incident status-{key}"><circle cx="{x:.1}" cy="{y:.1}" r="5.5" fill="{}" stroke="#ffffff" stroke-width="1.5"><title>{}</title></circle>"##,
            status_colour(key),
            // The legend's word, never the raw status a reader would not know.
            escape(&format!("{} ({})", marker.label, options.labels.statuses[status_index(&marker.status)])),
        );
        if let Some((tx, ty, anchor)) = labels.place(x, y, &marker.label, 11.0) {
            let _ = write!(
                incident_layer,
                r##"<text x="{tx:.1}" y="{ty:.1}" font-size="11" font-weight="bold" fill="#222" text-anchor="{anchor}" paint-order="stroke" stroke="#ffffff" stroke-width="3">{}</text>"##,
                escape(&marker.label)
            );
        }
        incident_layer.push_str("</g>\n");
    }
    incident_layer.push_str("</g>\n");

    let mut crossing_layer = String::from("<g id=\"crossings\">\n");
    for crossing in geo.crossings() {
        let (x, y) = projection.xy(crossing.lon, crossing.lat);
        let (fill, note) = if crossing.verified { ("#111111", "") } else { ("#ffffff", " (position unverified)") };
        let _ = write!(
            crossing_layer,
            r##"<g><path d="M{x:.1},{:.1}L{:.1},{y:.1}L{x:.1},{:.1}L{:.1},{y:.1}Z" fill="{fill}" stroke="#111111" stroke-width="1.2"><title>{}</title></path>"##,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0,
            escape(&format!("{}{note}", crossing.name)),
        );
        if let Some((tx, ty, anchor)) = labels.place(x, y, &crossing.name, 10.0) {
            let _ = write!(
                crossing_layer,
                r##"<text x="{tx:.1}" y="{ty:.1}" font-size="10" font-style="italic" fill="#111" text-anchor="{anchor}" paint-order="stroke" stroke="#ffffff" stroke-width="2.5">{}</text>"##,
                escape(&crossing.name)
            );
        }
        crossing_layer.push_str("</g>\n");
    }
    crossing_layer.push_str("</g>\n");

    let mut place_layer = String::from("<g id=\"places\">\n");
    for place in &place_selection {
        let (x, y) = projection.xy(place.lon, place.lat);
        let big = place.population >= 500_000 || place.feature_code == "PPLC";
        let _ = write!(
            place_layer,
            r##"<g><circle cx="{x:.1}" cy="{y:.1}" r="{}" fill="#444444"/>"##,
            if big { 3.0 } else { 2.0 }
        );
        let size = if big { 11.0 } else { 9.0 };
        if let Some((tx, ty, anchor)) = labels.place(x, y, &place.name_ascii, size) {
            let _ = write!(
                place_layer,
                r##"<text x="{tx:.1}" y="{ty:.1}" font-size="{size}" fill="#333" text-anchor="{anchor}" paint-order="stroke" stroke="#ffffff" stroke-width="2">{}</text>"##,
                escape(&place.name_ascii)
            );
        }
        place_layer.push_str("</g>\n");
    }
    place_layer.push_str("</g>\n");

    svg.push_str(&country_labels);
    svg.push_str(&place_layer);
    svg.push_str(&crossing_layer);
    svg.push_str(&incident_layer);
    svg.push_str(&alert_layer);

    // Legend.
    let lx = map_width + 15.0;
    let mut ly = MARGIN_TOP + 10.0;
    let _ = writeln!(
        svg,
        r##"<g id="legend" font-size="11" fill="#222"><text x="{lx:.1}" y="{ly:.1}" font-size="13" font-weight="bold">{}</text>"##,
        escape(&options.labels.sectors)
    );
    for (index, sector) in geo.sectors().iter().enumerate() {
        ly += 17.0;
        let colour = SECTOR_COLOURS.get(index % SECTOR_COLOURS.len()).copied().unwrap_or("#999");
        let _ = writeln!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="7" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="9" font-weight="bold" fill="#fff" text-anchor="middle">{}</text><text x="{:.1}" y="{ly:.1}">{}</text>"##,
            lx + 7.0,
            ly - 4.0,
            lx + 7.0,
            ly - 1.0,
            index + 1,
            lx + 20.0,
            escape(&sector.name)
        );
    }
    ly += 28.0;
    let _ = writeln!(
        svg,
        r#"<text x="{lx:.1}" y="{ly:.1}" font-size="13" font-weight="bold">{}</text>"#,
        escape(&options.labels.crossings)
    );
    ly += 18.0;
    let _ = writeln!(
        svg,
        r##"<path d="M{:.1},{:.1}l5,5l-5,5l-5,-5z" fill="#111"/><text x="{:.1}" y="{ly:.1}">{}</text>"##,
        lx + 7.0,
        ly - 9.0,
        lx + 20.0,
        escape(&options.labels.crossing_sourced)
    );
    ly += 17.0;
    let _ = writeln!(
        svg,
        r##"<path d="M{:.1},{:.1}l5,5l-5,5l-5,-5z" fill="#fff" stroke="#111"/><text x="{:.1}" y="{ly:.1}">{}</text>"##,
        lx + 7.0,
        ly - 9.0,
        lx + 20.0,
        escape(&options.labels.crossing_approximate)
    );
    let mut present: Vec<&str> = markers.iter().map(|m| status_key(&m.status)).collect();
    present.sort_unstable();
    present.dedup();
    if !present.is_empty() {
        ly += 28.0;
        let _ = writeln!(
            svg,
            r#"<text x="{lx:.1}" y="{ly:.1}" font-size="13" font-weight="bold">{}</text>"#,
            escape(&options.labels.incidents)
        );
        for ((key, colour, _), label) in
            STATUSES.iter().zip(&options.labels.statuses).filter(|((k, _, _), _)| present.contains(k))
        {
            let label = escape(label);
            ly += 17.0;
            let _ = writeln!(
                svg,
                r##"<circle class="status-{key}" cx="{:.1}" cy="{:.1}" r="5.5" fill="{colour}"/><text x="{:.1}" y="{ly:.1}">{label}</text>"##,
                lx + 7.0,
                ly - 4.0,
                lx + 20.0
            );
        }
    }
    if !options.alerts.is_empty() {
        ly += 24.0;
        let _ = writeln!(
            svg,
            r##"<path d="M{:.1},{:.1}l7,-12l-14,0z" fill="#b2182b"/><text x="{:.1}" y="{ly:.1}">{}</text>"##,
            lx + 7.0,
            ly + 2.0,
            lx + 20.0,
            escape(&options.labels.alert)
        );
    }
    ly += 34.0;
    for line in wrap(&options.labels.attribution, 40) {
        let line = escape(&line);
        let _ = writeln!(svg, r##"<text x="{lx:.1}" y="{ly:.1}" font-size="10" fill="#555">{line}</text>"##);
        ly += 13.0;
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_is_one_triangle_on_its_sector_naming_every_alert_and_none_for_an_unknown_sector() {
        let geo = crate::Geography::embedded().unwrap();
        let sector = geo.sectors()[2].clone();
        let alerts = vec![
            SectorAlert { sector: sector.id.clone(), label: "poisson on 2025-10-15 <7 reports>".into() },
            SectorAlert { sector: sector.id.clone(), label: "cusum on 2025-10-15".into() },
            SectorAlert { sector: "no-such-sector".into(), label: "lost".into() },
        ];
        let plain = render_map(geo, &[], &MapOptions::default());
        assert!(!plain.contains("class=\"alert\"") && !plain.contains("early-warning alert"), "no alert, no triangle");
        let svg = render_map(geo, &[], &MapOptions { alerts, ..MapOptions::default() });
        assert_eq!(svg.matches("class=\"alert\"").count(), 1, "one triangle for the sector");
        let title = format!(
            "<title>{}: poisson on 2025-10-15 &lt;7 reports&gt;&#10;cusum on 2025-10-15</title>",
            escape(&sector.name)
        );
        assert!(svg.contains(&title), "the triangle names both alerts");
        assert!(!svg.contains("lost"), "an unknown sector draws nothing");
        assert!(svg.contains(">early-warning alert</text>"), "the legend says what it is");
    }

    #[test]
    fn a_status_falls_where_the_legend_names_it() {
        let labels = MapLabels::default();
        assert_eq!(labels.statuses[status_index("confirmed")], "confirmed");
        assert_eq!(labels.statuses[status_index("under_investigation")], "under investigation");
        assert_eq!(labels.statuses[status_index("not_confirmed")], "not confirmed");
        assert_eq!(labels.statuses[status_index("closed")], "other");
    }

    #[test]
    fn a_pixel_of_the_map_turns_back_into_the_place_drawn_there() {
        let options = MapOptions { width_px: 320, ..MapOptions::default() };
        let projection = Projection::new(320.0);
        for (lat, lon) in [(30.9222, 66.4447), (34.0151, 71.5249), (25.0, 62.0)] {
            let (x, y) = projection.xy(lon, lat);
            let (back_lat, back_lon) = position_at(&options, x, y).unwrap();
            assert!((back_lat - lat).abs() < 1e-9 && (back_lon - lon).abs() < 1e-9, "{lat},{lon}");
        }
        let (width, height) = map_size(&options);
        assert_eq!(position_at(&options, width - 5.0, 200.0), None, "the legend is not the map");
        assert_eq!(position_at(&options, 100.0, 10.0), None, "the title is not the map");
        assert_eq!(position_at(&options, 100.0, height + 1.0), None);
        assert_eq!(position_at(&options, f64::NAN, 100.0), None);
    }

    #[test]
    fn statuses_fold_to_palette_keys() {
        assert_eq!(status_key("Under investigation"), "under_investigation");
        assert_eq!(status_key("CONFIRMED"), "confirmed");
        assert_eq!(status_key("dismissed"), "not_confirmed");
        assert_eq!(status_key("whatever"), "other");
    }

    #[test]
    fn labels_do_not_overlap() {
        let mut labels = Labels { taken: Vec::new(), bounds: [0.0, 0.0, 500.0, 500.0] };
        let mut placed = 0;
        for _ in 0..20 {
            if labels.place(250.0, 250.0, "Same spot", 10.0).is_some() {
                placed += 1;
            }
        }
        assert!((2..20).contains(&placed), "{placed}");
        for (i, a) in labels.taken.iter().enumerate() {
            for b in labels.taken.iter().skip(i + 1) {
                assert!(!overlaps(a, b));
            }
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b & 'c'"), "a&lt;b &amp; &apos;c&apos;");
    }
}
