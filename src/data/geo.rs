//! Boundary geometry under `data/batas/` (CC BY 3.0 IGO, see its `LICENSE.md`): decodes the
//! TopoJSON topologies of the kabupaten/kota and checks them against the reference list.
//!
//! TopoJSON is read with serde and a small arc decoder (delta-decoded, quantised positions times
//! `transform.scale` plus `transform.translate`; a negative arc index `~i` is arc `i` reversed),
//! so no JavaScript or geometry library runs at build time. Coordinates stay WGS84 lon/lat;
//! projecting them is the charts stage's job (`charts::peta`).

use crate::diag::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The folder of the boundary files; a site without it has no maps.
pub const DIR: &str = "data/batas";
/// Generalised for the national map (2.5 km interval).
pub const NATIONAL: &str = "data/batas/kabupaten-nasional.topojson";
/// Finer, for province and district maps.
pub const DETAILED: &str = "data/batas/kabupaten.topojson";
/// Files published with the open data, besides the two topologies.
pub const LICENCE_FILES: [&str; 3] = ["LICENSE.md", "PROVENANCE.md", "LICENSE-CC-BY-3.0-IGO.txt"];

/// One district's shape: polygons, each a list of rings (outer first), each a list of arc
/// references (`i` forward, `!i` = `-i-1` reversed), as in TopoJSON.
pub type Shape = Vec<Vec<Vec<i32>>>;

/// A decoded topology: shared arcs in lon/lat and the shapes that use them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Topology {
    /// Every arc as absolute lon/lat positions.
    pub arcs: Vec<Vec<[f64; 2]>>,
    /// District code → (province code, shape), from the `kabupaten` object.
    pub districts: BTreeMap<String, (String, Shape)>,
    /// Non-administrative units (lakes, reservoirs, a forest) drawn as holes' fill.
    pub nonadmin: Vec<Shape>,
}

impl Topology {
    /// The positions of arc reference `r` in drawing order.
    pub fn arc(&self, r: i32) -> impl Iterator<Item = [f64; 2]> + '_ {
        let (i, rev) = if r < 0 {
            ((!r) as usize, true)
        } else {
            (r as usize, false)
        };
        let a = &self.arcs[i];
        let n = a.len();
        (0..n).map(move |k| if rev { a[n - 1 - k] } else { a[k] })
    }
}

/// Both topologies (they share codes; the detailed one has more vertices).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geometry {
    pub national: Topology,
    pub detailed: Topology,
    /// The files of `data/batas/` as read (name, bytes), published with the open data.
    pub files: Vec<(String, Vec<u8>)>,
}

#[derive(Deserialize)]
struct RawTopology {
    #[serde(rename = "type")]
    kind: String,
    arcs: Vec<Vec<Vec<f64>>>,
    transform: Option<RawTransform>,
    objects: BTreeMap<String, RawCollection>,
}

#[derive(Deserialize)]
struct RawTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct RawCollection {
    geometries: Vec<RawGeometry>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    arcs: serde_json::Value,
    #[serde(default)]
    properties: BTreeMap<String, serde_json::Value>,
}

/// Load `data/batas/` if the site has it (`None` without the folder: the site has no maps).
/// `districts` is the reference list (code → province code).
pub fn load(
    root: &Path,
    districts: &BTreeMap<String, String>,
    d: &mut Diagnostics,
) -> Option<Geometry> {
    if !root.join(DIR).is_dir() {
        return None;
    }
    let national = read(root, NATIONAL, districts, d);
    let detailed = read(root, DETAILED, districts, d);
    let mut files = Vec::new();
    for rel in [NATIONAL, DETAILED]
        .into_iter()
        .map(String::from)
        .chain(LICENCE_FILES.iter().map(|f| format!("{DIR}/{f}")))
    {
        match std::fs::read(root.join(&rel)) {
            Ok(b) => files.push((rel.trim_start_matches("data/batas/").to_string(), b)),
            Err(e) => d.push(
                Diagnostic::error(&rel, format!("cannot read boundary file: {e}")).hint(
                    "the licence and provenance must ship with the geometry; restore them from git",
                ),
            ),
        }
    }
    Some(Geometry {
        national: national?,
        detailed: detailed?,
        files,
    })
}

fn read(
    root: &Path,
    rel: &str,
    districts: &BTreeMap<String, String>,
    d: &mut Diagnostics,
) -> Option<Topology> {
    let text = match std::fs::read_to_string(root.join(rel)) {
        Ok(t) => t,
        Err(e) => {
            d.push(
                Diagnostic::error(rel, format!("cannot read boundary file: {e}"))
                    .expected("a UTF-8 TopoJSON file")
                    .hint(format!(
                        "restore it from git, or remove {DIR}/ to build the site without maps"
                    )),
            );
            return None;
        }
    };
    parse(rel, &text, districts, d)
}

/// Where `needle` occurs for the `nth` time (0-based) in `text`, as a diagnostic position.
fn locate(diag: Diagnostic, text: &str, needle: &str, nth: usize) -> Diagnostic {
    match text.match_indices(needle).nth(nth) {
        Some((at, _)) => position(diag, text, at, needle.chars().count()),
        None => diag.at(1, 1, 1),
    }
}

/// Line and column of byte `at` without copying the (often single, very long) line.
fn position(diag: Diagnostic, text: &str, at: usize, len: usize) -> Diagnostic {
    let at = at.min(text.len());
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    diag.at(line, text[start..at].chars().count() + 1, len)
}

/// Parse and check one topology (see [`load`]); `rel` names the file in diagnostics.
pub fn parse(
    rel: &str,
    text: &str,
    districts: &BTreeMap<String, String>,
    d: &mut Diagnostics,
) -> Option<Topology> {
    let raw: RawTopology = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            d.push(
                Diagnostic::error(rel, "invalid TopoJSON")
                    .at(e.line().max(1), e.column().max(1), 1)
                    .value(e.to_string())
                    .expected("a TopoJSON Topology with `arcs`, `transform` and `objects`")
                    .hint("the boundary files are generated; restore them from git"),
            );
            return None;
        }
    };
    let before = d.errors();
    if raw.kind != "Topology" {
        d.push(
            locate(
                Diagnostic::error(rel, "not a TopoJSON topology"),
                text,
                "\"type\"",
                0,
            )
            .value(raw.kind.clone())
            .expected("`\"type\":\"Topology\"`"),
        );
    }
    let (scale, translate) = match &raw.transform {
        Some(t) => (t.scale, t.translate),
        None => ([1.0, 1.0], [0.0, 0.0]),
    };
    let quantised = raw.transform.is_some();
    let mut arcs = Vec::with_capacity(raw.arcs.len());
    for (i, a) in raw.arcs.iter().enumerate() {
        let (mut x, mut y) = (0.0, 0.0);
        let mut out = Vec::with_capacity(a.len());
        for p in a {
            let (Some(&px), Some(&py)) = (p.first(), p.get(1)) else {
                d.push(
                    Diagnostic::error(rel, "arc position with fewer than two numbers")
                        .at(1, 1, 1)
                        .value(format!("arc {i}"))
                        .expected("[x, y]"),
                );
                return None;
            };
            let (qx, qy) = if quantised {
                x += px;
                y += py;
                (x, y)
            } else {
                (px, py)
            };
            out.push([qx * scale[0] + translate[0], qy * scale[1] + translate[1]]);
        }
        arcs.push(out);
    }
    let Some(kab) = raw.objects.get("kabupaten") else {
        d.push(
            locate(
                Diagnostic::error(rel, "no `kabupaten` object"),
                text,
                "\"objects\"",
                0,
            )
            .expected("an object `kabupaten` with one geometry per district")
            .hint("the boundary files are generated; restore them from git"),
        );
        return None;
    };
    let n_arcs = arcs.len() as i64;
    let mut shapes: BTreeMap<String, (String, Shape)> = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for g in &kab.geometries {
        let code = g
            .properties
            .get("kode")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let prov = g
            .properties
            .get("kode_prov")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let needle = format!("\"kode\":\"{code}\"");
        let nth = *seen.get(code).unwrap_or(&0);
        seen.insert(code.to_string(), nth + 1);
        let err = |msg: &str| locate(Diagnostic::error(rel, msg), text, &needle, nth);
        let Some(shape) = shape_of(g) else {
            d.push(
                err("district geometry is not a polygon")
                    .value(format!("{code}: {}", g.kind))
                    .expected("a Polygon or MultiPolygon of arc indices"),
            );
            continue;
        };
        if let Some(bad) = shape
            .iter()
            .flatten()
            .flatten()
            .find(|&&r| (if r < 0 { !(r as i64) } else { r as i64 }) >= n_arcs)
        {
            d.push(
                err("arc index out of range")
                    .value(format!("{code}: arc {bad}"))
                    .expected(format!("an index below {n_arcs}")),
            );
            continue;
        }
        match districts.get(code) {
            None => d.push(
                err("shape with an unknown district code")
                    .value(code.to_string())
                    .expected("a code from data/wilayah/regencies.csv")
                    .hint("the boundary files and the reference list must list the same districts"),
            ),
            Some(p) if p != prov => d.push(
                err("shape's province does not match the reference list")
                    .value(format!("{code} in {prov}"))
                    .expected(format!("`kode_prov` {p}, as in data/wilayah/regencies.csv")),
            ),
            Some(_) if shapes.contains_key(code) => d.push(
                err("duplicate district shape")
                    .value(code.to_string())
                    .expected("exactly one shape per district"),
            ),
            Some(_) => {
                shapes.insert(code.to_string(), (prov.to_string(), shape));
            }
        }
    }
    let missing: BTreeSet<&String> = districts
        .keys()
        .filter(|k| !shapes.contains_key(*k) && !seen.contains_key(k.as_str()))
        .collect();
    for code in missing {
        d.push(
            locate(
                Diagnostic::error(rel, "district without a shape"),
                text,
                "\"kabupaten\"",
                0,
            )
            .value(code.clone())
            .expected("exactly one shape per district of data/wilayah/regencies.csv")
            .hint("the boundary files must cover the reference list; regenerate them"),
        );
    }
    let nonadmin = raw
        .objects
        .get("nonadmin")
        .map(|c| c.geometries.iter().filter_map(shape_of).collect())
        .unwrap_or_default();
    (d.errors() == before).then_some(Topology {
        arcs,
        districts: shapes,
        nonadmin,
    })
}

fn shape_of(g: &RawGeometry) -> Option<Shape> {
    match g.kind.as_str() {
        "Polygon" => serde_json::from_value::<Vec<Vec<i32>>>(g.arcs.clone())
            .ok()
            .map(|p| vec![p]),
        "MultiPolygon" => serde_json::from_value(g.arcs.clone()).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const TOPO: &str = r#"{"type":"Topology","arcs":[[[0,0],[10,0],[0,10],[-10,-10]],[[10,0],[0,10]]],"transform":{"scale":[0.5,0.25],"translate":[100,-5]},"objects":{"kabupaten":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]],"properties":{"kode":"11.01","kode_prov":"11"}},{"type":"MultiPolygon","arcs":[[[-2]]],"properties":{"kode":"11.02","kode_prov":"11"}}]}}}"#;

    #[test]
    fn decodes_delta_arcs_and_reversal() {
        let mut d = Diagnostics::new();
        let t = parse(
            "t.topojson",
            TOPO,
            &refs(&[("11.01", "11"), ("11.02", "11")]),
            &mut d,
        )
        .expect("valid");
        assert!(d.is_empty());
        assert_eq!(t.arcs[0][1], [105.0, -5.0]);
        assert_eq!(t.arcs[0][2], [105.0, -2.5]);
        let back: Vec<_> = t.arc(-2).collect();
        assert_eq!(back, vec![[105.0, -2.5], [105.0, -5.0]]);
        assert_eq!(t.districts["11.02"].1, vec![vec![vec![-2]]]);
    }

    #[test]
    fn located_errors_for_unknown_missing_duplicate_and_province() {
        let dup = TOPO.replace(
            "\"11.02\",\"kode_prov\":\"11\"",
            "\"11.01\",\"kode_prov\":\"11\"",
        );
        let mut d = Diagnostics::new();
        assert!(
            parse(
                "t.topojson",
                &dup,
                &refs(&[("11.01", "11"), ("11.02", "11")]),
                &mut d
            )
            .is_none()
        );
        let msgs: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("duplicate district shape")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("district without a shape") && m.contains("11.02")),
            "{msgs:?}"
        );
        // The duplicate is located at its own (second) occurrence.
        let second = dup.match_indices("\"kode\":\"11.01\"").nth(1).unwrap().0;
        assert!(
            msgs.iter()
                .any(|m| m.starts_with(&format!("t.topojson:1:{}:", second + 1))),
            "{msgs:?}"
        );

        let mut d = Diagnostics::new();
        assert!(
            parse(
                "t.topojson",
                TOPO,
                &refs(&[("11.01", "12"), ("11.02", "11")]),
                &mut d
            )
            .is_none()
        );
        assert!(
            d.sorted()[0]
                .to_string()
                .contains("province does not match")
        );

        let mut d = Diagnostics::new();
        assert!(parse("t.topojson", TOPO, &refs(&[("11.01", "11")]), &mut d).is_none());
        assert!(d.sorted()[0].to_string().contains("unknown district code"));

        let mut d = Diagnostics::new();
        assert!(parse("t.topojson", "{\"type\":", &refs(&[]), &mut d).is_none());
        assert!(d.sorted()[0].to_string().contains("invalid TopoJSON"));
    }
}
