// Makes the demo PDF module content/demo/modul-berakhlak.pdf once; the output is committed and
// nothing runs this at run time. Run from the project root: npx tsx scripts/make-demo-pdf.ts
// Uses only the standard PDF font Helvetica (no font file embedded) and a fixed creation date,
// so re-running it gives the same document.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'content', 'demo', 'modul-berakhlak.pdf');

const NAVY = '#1f3a5f';
const GREY = '#555555';

interface Value {
  name: string;
  meaning: string;
  behaviours: [string, string, string];
  kpu: string;
}

// Behaviour guides as published in SE Menteri PANRB 20/2021 (core values of the ASN); examples written for Lentera.
const VALUES: Value[] = [
  {
    name: 'Berorientasi Pelayanan',
    meaning: 'Komitmen memberikan pelayanan prima demi kepuasan masyarakat.',
    behaviours: ['Memahami dan memenuhi kebutuhan masyarakat.', 'Ramah, cekatan, solutif, dan dapat diandalkan.', 'Melakukan perbaikan tiada henti.'],
    kpu: 'Menjawab pertanyaan pemilih tentang daftar pemilih dengan jelas dan memberi kabar tindak lanjutnya.',
  },
  {
    name: 'Akuntabel',
    meaning: 'Bertanggung jawab atas kepercayaan yang diberikan.',
    behaviours: [
      'Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi.',
      'Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien.',
      'Tidak menyalahgunakan kewenangan jabatan.',
    ],
    kpu: 'Mencatat penerimaan dan distribusi logistik pemilu lengkap dengan berita acara.',
  },
  {
    name: 'Kompeten',
    meaning: 'Terus belajar dan mengembangkan kapabilitas.',
    behaviours: ['Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah.', 'Membantu orang lain belajar.', 'Melaksanakan tugas dengan kualitas terbaik.'],
    kpu: 'Mempelajari aplikasi pendataan yang baru lalu berbagi panduan singkat dengan rekan kerja.',
  },
  {
    name: 'Harmonis',
    meaning: 'Saling peduli dan menghargai perbedaan.',
    behaviours: ['Menghargai setiap orang apa pun latar belakangnya.', 'Suka menolong orang lain.', 'Membangun lingkungan kerja yang kondusif.'],
    kpu: 'Menyelesaikan beda pendapat antarsubbagian dalam rapat secara santun, bukan di media sosial.',
  },
  {
    name: 'Loyal',
    meaning: 'Berdedikasi dan mengutamakan kepentingan bangsa dan negara.',
    behaviours: [
      'Memegang teguh ideologi Pancasila dan UUD 1945, setia kepada NKRI serta pemerintahan yang sah.',
      'Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara.',
      'Menjaga rahasia jabatan dan negara.',
    ],
    kpu: 'Tidak membagikan data pribadi pemilih maupun dokumen internal kepada pihak yang tidak berhak.',
  },
  {
    name: 'Adaptif',
    meaning: 'Terus berinovasi dan antusias menggerakkan serta menghadapi perubahan.',
    behaviours: ['Cepat menyesuaikan diri menghadapi perubahan.', 'Terus berinovasi dan mengembangkan kreativitas.', 'Bertindak proaktif.'],
    kpu: 'Segera memperbarui rencana kerja dan pengumuman ketika jadwal tahapan berubah.',
  },
  {
    name: 'Kolaboratif',
    meaning: 'Membangun kerja sama yang sinergis.',
    behaviours: [
      'Memberi kesempatan kepada berbagai pihak untuk berkontribusi.',
      'Terbuka dalam bekerja sama untuk menghasilkan nilai tambah.',
      'Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama.',
    ],
    kpu: 'Menggandeng sekolah, tokoh adat, dan radio komunitas untuk sosialisasi kepada pemilih pemula.',
  },
];

const doc = new PDFDocument({
  size: 'A4',
  bufferPages: true,
  margins: { top: 64, bottom: 64, left: 60, right: 60 },
  info: {
    Title: 'Modul Nilai-Nilai Dasar ASN: BerAKHLAK',
    Author: 'Lentera (bahan demo)',
    Subject: 'Orientasi PPPK Komisi Pemilihan Umum',
    Keywords: 'BerAKHLAK, ASN, PPPK, KPU, orientasi',
    CreationDate: new Date('2025-11-01T00:00:00Z'),
  },
});
doc.pipe(createWriteStream(out));

const heading = (text: string) => doc.moveDown(0.6).font('Helvetica-Bold').fontSize(15).fillColor(NAVY).text(text).moveDown(0.3);
const body = (text: string) => doc.font('Helvetica').fontSize(11).fillColor('black').text(text, { align: 'left', lineGap: 2 });
const bullets = (items: string[]) => {
  doc.font('Helvetica').fontSize(11).fillColor('black').list(items, { bulletRadius: 2, textIndent: 12, lineGap: 2 });
};

// Page 1: cover.
doc.rect(0, 0, doc.page.width, 220).fill(NAVY);
doc.fillColor('white').font('Helvetica').fontSize(13).text('Modul Pembelajaran Mandiri', 60, 80);
doc.font('Helvetica-Bold').fontSize(28).text('Nilai-Nilai Dasar ASN: BerAKHLAK', 60, 104, { width: doc.page.width - 120 });
doc.font('Helvetica').fontSize(13).text('Orientasi PPPK Komisi Pemilihan Umum', 60, 180);
doc.fillColor('black').font('Helvetica-Bold').fontSize(13).text('Isi modul', 60, 270);
doc.moveDown(0.4);
bullets(['Pendahuluan dan tujuan pembelajaran', 'Tujuh nilai dasar ASN beserta panduan perilakunya', 'Menerapkan BerAKHLAK di kantor KPU', 'Lembar refleksi untuk Jurnal']);
doc.moveDown(1.2);
body(
  'Modul ini dapat dibaca tanpa sambungan internet. Bacalah bertahap, lalu isi lembar refleksi di halaman terakhir. ' +
    'Hasil refleksi dapat Anda gunakan ketika menyusun Jurnal orientasi.',
);
doc.font('Helvetica-Oblique').fontSize(9).fillColor(GREY).text(
  'Bahan demo platform Lentera, disusun untuk keperluan contoh. Bukan dokumen resmi LAN RI atau KPU. Rujukan: UU 20/2023 tentang ASN; SE Menteri PANRB 20/2021 tentang Implementasi Core Values dan Employer Branding ASN.',
  60,
  doc.page.height - 120,
  { width: doc.page.width - 120 },
);

// Page 2: introduction and the first values.
doc.addPage();
heading('1. Pendahuluan');
body(
  'Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara menetapkan nilai dasar yang wajib dipegang setiap ASN, baik PNS maupun PPPK. ' +
    'Nilai dasar tersebut dikenal dengan akronim BerAKHLAK: Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, dan Kolaboratif, ' +
    'dengan motto "Bangga Melayani Bangsa". Setiap nilai dijabarkan dalam tiga panduan perilaku yang juga menjadi dasar penilaian perilaku kerja pegawai.',
);
heading('Tujuan pembelajaran');
body('Setelah mempelajari modul ini, Anda diharapkan mampu:');
bullets(['menjelaskan arti ketujuh nilai dasar ASN;', 'mengenali perilaku yang sesuai dan tidak sesuai dengan setiap nilai;', 'merencanakan penerapan nilai tersebut dalam tugas di kantor KPU.']);
heading('2. Tujuh nilai dasar ASN');
const value = (v: Value, n: number) => {
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12.5).fillColor(NAVY).text(`2.${n} ${v.name}`);
  doc.font('Helvetica-Oblique').fontSize(11).fillColor(GREY).text(v.meaning).moveDown(0.2);
  doc.font('Helvetica-Bold').fontSize(11).fillColor('black').text('Panduan perilaku:');
  bullets([...v.behaviours]);
  doc.moveDown(0.2).font('Helvetica-Bold').fontSize(11).text('Contoh di KPU: ', { continued: true }).font('Helvetica').text(v.kpu);
};
VALUES.slice(0, 3).forEach((v, i) => value(v, i + 1));

// Page 3: the other values.
doc.addPage();
VALUES.slice(3).forEach((v, i) => value(v, i + 4));

// Page 4: applying the values and the reflection sheet.
doc.addPage();
heading('3. Menerapkan BerAKHLAK di kantor KPU');
body(
  'Nilai dasar baru bermakna ketika tampak dalam pekerjaan sehari-hari. Di lingkungan penyelenggara pemilu, ketujuh nilai ini saling terkait dengan ' +
    'prinsip mandiri, jujur, adil, dan netral. Beberapa kebiasaan sederhana yang dapat dimulai hari ini:',
);
bullets([
  'Datang dan menyelesaikan pekerjaan tepat waktu; kabari atasan bila ada hambatan.',
  'Simpan bukti dukung setiap hasil kerja untuk penilaian kinerja.',
  'Sisihkan waktu belajar setiap minggu, misalnya 30 menit.',
  'Periksa kebenaran informasi sebelum membagikannya di media sosial.',
  'Tawarkan bantuan kepada rekan yang sedang kewalahan.',
]);
heading('4. Lembar refleksi');
body('Jawablah pertanyaan berikut dengan kalimat Anda sendiri. Jawaban ini dapat menjadi bagian dari Jurnal orientasi.');
const questions = [
  'Nilai mana yang paling sering Anda terapkan dalam pekerjaan? Berikan satu contoh.',
  'Nilai mana yang paling menantang bagi Anda, dan mengapa?',
  'Apa satu tindakan nyata yang akan Anda lakukan bulan ini untuk menerapkan nilai tersebut?',
];
questions.forEach((q, i) => {
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).fillColor('black').text(`${i + 1}. ${q}`);
  for (let l = 0; l < 3; l++) {
    const y = doc.y + 18;
    doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y = y;
  }
  doc.moveDown(0.4);
});
doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor(NAVY).text('Bangga Melayani Bangsa', { align: 'center' });

// Page numbers on every page.
const range = doc.bufferedPageRange();
for (let i = range.start; i < range.start + range.count; i++) {
  doc.switchToPage(i);
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.font('Helvetica').fontSize(9).fillColor(GREY).text(`Modul BerAKHLAK - halaman ${i + 1} dari ${range.count}`, 0, doc.page.height - 40, { align: 'center', width: doc.page.width });
  doc.page.margins.bottom = bottom;
}
doc.end();
console.log(`wrote ${path.relative(root, out)}`);
