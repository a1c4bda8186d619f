//! Synthetic write-ups: programmes (`content/program/`), news (`content/berita/`), district
//! narratives (`content/wilayah/`) and the four background pages, all with valid front matter
//! and internal `@/` links, every one marked as sample text.

use super::names::Geography;
use fastrand::Rng;
use std::fmt::Write;

/// A generated file: path below the site root and its text.
pub type File = (String, String);

/// Programme kinds, each with the indicator numbers (data/indikator.csv) it relates to.
const KINDS: [(&str, &[u8]); 12] = [
    ("Forum Anak Desa", &[6]),
    ("Akta Kelahiran Keliling", &[4]),
    ("Pojok Baca Anak", &[5]),
    ("Pencegahan Perkawinan Anak", &[7]),
    ("Kelas Pengasuhan Keluarga", &[8]),
    ("Puskesmas Ramah Anak", &[13]),
    ("Kawasan Tanpa Rokok", &[15]),
    ("Sekolah Ramah Anak", &[18]),
    ("Rute Aman ke Sekolah", &[19]),
    ("Ruang Bermain Ramah Anak", &[20]),
    ("Layanan Anak Korban Kekerasan", &[21]),
    ("Penguatan Gugus Tugas KLA", &[2, 3]),
];

const SOURCE: &str = "[[sumber]]\njudul = \"Sumber contoh (data sintetis, bukan sumber nyata)\"\npenerbit = \"ila demo\"\n";

/// Display name of a district from its upper-case reference name.
fn display(upper: &str) -> String {
    crate::model::names::title_case(upper)
}

/// `n` programme write-ups, each naming one to three districts and linking a neighbour.
pub fn programmes(rng: &mut Rng, geo: &Geography, years: &[u16], n: usize) -> Vec<File> {
    let mut out = Vec::with_capacity(n);
    let last = *years.last().unwrap_or(&2025);
    for i in 0..n {
        let (kind, ind) = KINDS[i % KINDS.len()];
        let slug = format!("program-contoh-{:04}", i + 1);
        let k = rng.usize(1..=3).min(geo.districts.len());
        let mut ds: Vec<usize> = (0..k).map(|_| rng.usize(0..geo.districts.len())).collect();
        ds.sort_unstable();
        ds.dedup();
        let codes: Vec<String> = ds
            .iter()
            .map(|&d| format!("\"{}\"", geo.districts[d].kode))
            .collect();
        let main = &geo.districts[ds[0]];
        let name = display(&main.nama);
        let mulai = last - rng.u16(0..8).min(last - 2006);
        let other = format!("program-contoh-{:04}", (i + 1) % n + 1);
        let year = years[rng.usize(0..years.len())];
        let peserta: Vec<u32> = (0..3).map(|_| rng.u32(40..900)).collect();
        let ind_list: Vec<String> = ind.iter().map(u8::to_string).collect();
        let mut t = String::with_capacity(2048);
        let _ = write!(
            t,
            "+++\njudul = \"{kind} ({name}, contoh {:04})\"\nringkasan = \"Program contoh: {kind} di {name}. Semua isi halaman ini sintetis.\"\nmudah_dibaca = \"Ini contoh. Program ini tidak nyata. Isinya dibuat komputer untuk menguji situs.\"\nwilayah = [{}]\nindikator = [{}]\nmulai = {mulai}\n\n{SOURCE}+++\n\n",
            i + 1,
            codes.join(", "),
            ind_list.join(", ")
        );
        let _ = write!(
            t,
            "## Ringkasan\n\n**{kind}** adalah program contoh di [{name}](@/wilayah/{}). Program ini dimulai pada {mulai} dan dikaitkan dengan indikator {} dalam daftar indikator KLA. Semua nama, angka dan kegiatan di halaman ini *dibuat oleh generator data contoh*.\n\n",
            main.kode,
            ind_list.join(" dan ")
        );
        let _ = write!(
            t,
            "## Kegiatan\n\n- pertemuan rutin dengan perangkat daerah dan Forum Anak;\n- pendataan sasaran di tingkat kecamatan;\n- laporan tahunan kepada Gugus Tugas KLA.\n\n| Tahun | Kegiatan | Peserta |\n|---|---|---:|\n| {} | Sosialisasi | {} |\n| {} | Pendampingan | {} |\n| {} | Evaluasi | {} |\n\n",
            mulai,
            peserta[0],
            mulai + 1,
            peserta[1],
            mulai + 2,
            peserta[2]
        );
        let _ = write!(
            t,
            "## Kaitan dengan predikat\n\nLihat [predikat {year}](@/predikat/{year}) dan program contoh lain, [{other}](@/program/{other}). Angka di tabel adalah angka acak.\n"
        );
        out.push((format!("content/program/{slug}.md"), t));
    }
    out
}

/// One news item per award year (with that year's counts per tier), plus `extra` items about
/// single districts.
pub fn news(
    rng: &mut Rng,
    geo: &Geography,
    years: &[u16],
    per_year_tiers: &[(u16, Vec<usize>)],
    tier_names: &[String],
    extra: usize,
) -> Vec<File> {
    let mut out = Vec::new();
    for (y, counts) in per_year_tiers {
        let total: usize = counts.iter().sum();
        let mut t = format!(
            "+++\njudul = \"Penghargaan KLA {y} (contoh): {total} kabupaten/kota meraih predikat\"\nringkasan = \"Berita contoh tentang malam penghargaan {y}. Angkanya berasal dari data sintetis.\"\ntanggal = \"{y}-07-23\"\n\n{SOURCE}+++\n\nMalam penghargaan contoh untuk tahun {y}. Rincian ada di [predikat {y}](@/predikat/{y}).\n\n| Predikat | Jumlah |\n|---|---:|\n"
        );
        for (name, c) in tier_names.iter().zip(counts).rev() {
            let _ = writeln!(t, "| {name} | {c} |");
        }
        let _ = writeln!(t, "| **Total** | **{total}** |");
        out.push((
            format!("content/berita/{y}-07-23-penghargaan-kla-{y}-contoh.md"),
            t,
        ));
    }
    for i in 0..extra {
        let d = &geo.districts[rng.usize(0..geo.districts.len())];
        let y = years[rng.usize(0..years.len())];
        let (m, day) = (rng.u8(1..=12), rng.u8(1..=28));
        let name = display(&d.nama);
        let t = format!(
            "+++\njudul = \"Rapat Gugus Tugas KLA {name} (contoh {:04})\"\nringkasan = \"Berita contoh: {name} membahas rencana aksi daerah KLA.\"\ntanggal = \"{y}-{m:02}-{day:02}\"\nwilayah = [\"{}\"]\n\n{SOURCE}+++\n\nGugus Tugas KLA [{name}](@/wilayah/{}) mengadakan rapat contoh. Peserta membahas data anak, anggaran dan jadwal evaluasi.\n\n- Rapat ini **tidak pernah terjadi**: ini data contoh.\n- Predikat contoh tahun {y} ada di [predikat {y}](@/predikat/{y}).\n",
            i + 1,
            d.kode,
            d.kode
        );
        out.push((
            format!(
                "content/berita/{y}-{m:02}-{day:02}-rapat-contoh-{:04}.md",
                i + 1
            ),
            t,
        ));
    }
    out
}

/// A short narrative for every `every`-th district (strict codes only: narrative file names
/// must be Kemendagri codes).
pub fn narratives(geo: &Geography, every: usize) -> Vec<File> {
    geo.districts
        .iter()
        .step_by(every.max(1))
        .filter(|d| d.kode.len() == 5)
        .map(|d| {
            let name = display(&d.nama);
            (
                format!("content/wilayah/{}.md", d.kode),
                format!(
                    "+++\njudul = \"Catatan contoh tentang {name}\"\nringkasan = \"Narasi sintetis.\"\n\n{SOURCE}+++\n\n{name} adalah daerah contoh di [Provinsi Contoh {}](@/provinsi/{}). Narasi ini dibuat oleh generator data contoh.\n",
                    d.kode_provinsi, d.kode_provinsi
                ),
            )
        })
        .collect()
}

/// The background pages the theme links to: tentang, metodologi, glosarium, data-dan-lisensi.
pub fn pages(tier_names: &[(String, String)]) -> Vec<File> {
    let mut glosarium = String::from(
        "+++\njudul = \"Glosarium (contoh)\"\nringkasan = \"Istilah yang dipakai situs contoh.\"\nurutan = 3\n+++\n\n## KLA {#kla}\n\nKabupaten/Kota Layak Anak.\n\n",
    );
    for (kode, nama) in tier_names {
        let _ = write!(glosarium, "## {nama} {{#{kode}}}\n\nPredikat {nama}.\n\n");
    }
    vec![
        (
            "content/halaman/tentang.md".into(),
            "+++\njudul = \"Tentang situs contoh\"\nringkasan = \"Situs ini dibuat dari data sintetis.\"\nurutan = 1\n+++\n\n**DATA CONTOH.** Situs ini dibuat oleh `ila demo` untuk pengujian dan pengukuran kinerja. Semua nama wilayah, nilai, program dan berita adalah **fiktif**.\n".into(),
        ),
        (
            "content/halaman/metodologi.md".into(),
            "+++\njudul = \"Metodologi (contoh)\"\nringkasan = \"Cara data contoh dibuat.\"\nurutan = 2\n+++\n\nNilai setiap kabupaten/kota contoh bergerak acak dari tahun ke tahun dengan benih (*seed*) tetap. Predikat hanya diberikan untuk nilai 500 ke atas. Nilai per klaster dibagi dari nilai total dengan bobot karangan.\n".into(),
        ),
        ("content/halaman/glosarium.md".into(), glosarium),
        (
            "content/halaman/data-dan-lisensi.md".into(),
            "+++\njudul = \"Data dan lisensi (contoh)\"\nringkasan = \"Data contoh boleh dipakai bebas.\"\nurutan = 4\n+++\n\nData contoh ini sintetis dan tidak boleh dikutip sebagai data nyata.\n".into(),
        ),
    ]
}
