// The demo programme's question bank: questions in Indonesian about the agendas of the demo material
// (content/demo/*.md), written for this project. One category per agenda; every question is
// answerable from the demo pages and carries a short explanation shown in the review.
// `ensureDemoQuestions` inserts them into a programme's bank, skipping codes that already exist.
import type { AppContext } from './context.js';
import type { QuestionType } from '../domain/quiz.js';

export const DEMO_CATEGORIES = {
  belaNegara: 'Bela Negara',
  berakhlak: 'BerAKHLAK',
  pppk: 'PPPK dan Smart Governance',
  organisasi: 'Organisasi KPU',
  jabatan: 'Jabatan dan Kinerja',
  etika: 'Etika Penyelenggara Pemilu',
} as const;
export type DemoCategory = (typeof DEMO_CATEGORIES)[keyof typeof DEMO_CATEGORIES];

export interface DemoQuestion {
  type: QuestionType;
  category: DemoCategory;
  code: string;
  /** Markdown. */
  text: string;
  /** Choice questions: in this order (option ids 1, 2, … by position). Empty for short answers. */
  options: { text: string; correct: boolean }[];
  /** Short answers: every accepted spelling (compared after normalisation). Empty otherwise. */
  acceptedAnswers: string[];
  points: number;
  partialCredit: boolean;
  feedback: string;
  tags: string[];
}

const C = DEMO_CATEGORIES;

/** Single choice: the first option given is the correct one (the quiz shuffles options per attempt). */
function single(category: DemoCategory, code: string, text: string, correct: string, wrong: [string, string, string], feedback: string, tags: string[]): DemoQuestion {
  return {
    type: 'single',
    category,
    code,
    text,
    options: [{ text: correct, correct: true }, ...wrong.map((w) => ({ text: w, correct: false }))],
    acceptedAnswers: [],
    points: 1,
    partialCredit: false,
    feedback,
    tags,
  };
}

/** Multiple choice (2 points): options marked with their correctness. */
function multiple(category: DemoCategory, code: string, text: string, options: [string, boolean][], partialCredit: boolean, feedback: string, tags: string[]): DemoQuestion {
  return { type: 'multiple', category, code, text, options: options.map(([t, c]) => ({ text: t, correct: c })), acceptedAnswers: [], points: 2, partialCredit, feedback, tags };
}

/** True/false: the two options "Benar" (id 1) and "Salah" (id 2). */
function trueFalse(category: DemoCategory, code: string, text: string, isTrue: boolean, feedback: string, tags: string[]): DemoQuestion {
  return {
    type: 'true_false',
    category,
    code,
    text,
    options: [
      { text: 'Benar', correct: isTrue },
      { text: 'Salah', correct: !isTrue },
    ],
    acceptedAnswers: [],
    points: 1,
    partialCredit: false,
    feedback,
    tags,
  };
}

function short(category: DemoCategory, code: string, text: string, accepted: string[], feedback: string, tags: string[]): DemoQuestion {
  return { type: 'short', category, code, text, options: [], acceptedAnswers: accepted, points: 1, partialCredit: false, feedback, tags };
}

export const DEMO_QUESTIONS: readonly DemoQuestion[] = [
  // --- Sikap Perilaku Bela Negara -------------------------------------------------------------
  single(
    C.belaNegara, 'BN-01',
    'Pasal UUD 1945 yang menegaskan bahwa setiap warga negara berhak dan wajib ikut serta dalam upaya pembelaan negara adalah …',
    'Pasal 27 ayat (3) dan Pasal 30 ayat (1)',
    ['Pasal 28 ayat (1) dan Pasal 31 ayat (2)', 'Pasal 1 ayat (2) dan Pasal 22E ayat (1)', 'Pasal 33 ayat (3) dan Pasal 34 ayat (1)'],
    'Hak dan kewajiban bela negara ditegaskan dalam Pasal 27 ayat (3) dan Pasal 30 ayat (1) UUD 1945.',
    ['bela-negara', 'uud-1945', 'dasar-hukum'],
  ),
  single(
    C.belaNegara, 'BN-02',
    'Undang-undang yang menetapkan nilai dasar bela negara adalah …',
    'UU Nomor 23 Tahun 2019 tentang Pengelolaan Sumber Daya Nasional untuk Pertahanan Negara',
    ['UU Nomor 7 Tahun 2017 tentang Pemilihan Umum', 'UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi', 'UU Nomor 31 Tahun 1999 tentang Pemberantasan Tindak Pidana Korupsi'],
    'Nilai dasar bela negara ditetapkan dalam UU Nomor 23 Tahun 2019 tentang Pengelolaan Sumber Daya Nasional untuk Pertahanan Negara.',
    ['bela-negara', 'uu-23-2019', 'dasar-hukum'],
  ),
  multiple(
    C.belaNegara, 'BN-03',
    'Manakah yang termasuk nilai dasar bela negara menurut UU Nomor 23 Tahun 2019? Pilih semua jawaban yang benar.',
    [
      ['Cinta tanah air', true],
      ['Rela berkorban untuk bangsa dan negara', true],
      ['Kemampuan awal bela negara', true],
      ['Wajib mengikuti latihan militer setiap tahun', false],
      ['Setia kepada partai politik pemenang pemilu', false],
    ],
    true,
    'Lima nilai dasar bela negara: cinta tanah air; sadar berbangsa dan bernegara; setia kepada Pancasila sebagai ideologi negara; rela berkorban untuk bangsa dan negara; kemampuan awal bela negara. Latihan militer dan kesetiaan kepada partai tidak termasuk.',
    ['bela-negara', 'uu-23-2019', 'nilai-dasar'],
  ),
  trueFalse(
    C.belaNegara, 'BN-04',
    'Bela negara hanya menjadi kewajiban anggota TNI, sedangkan PPPK cukup bekerja sesuai perjanjian kerjanya.',
    false,
    'Salah. Bela negara adalah hak sekaligus kewajiban setiap warga negara, termasuk PPPK. Bagi ASN, wujud utamanya adalah bekerja dengan integritas dan melayani publik.',
    ['bela-negara', 'asn'],
  ),
  single(
    C.belaNegara, 'BN-05',
    'Empat konsensus dasar berbangsa yang menjadi akar sikap bela negara adalah …',
    'Pancasila, UUD 1945, NKRI, dan Bhinneka Tunggal Ika',
    ['Pancasila, Sumpah Pemuda, Proklamasi, dan NKRI', 'UUD 1945, UU ASN, UU Pemilu, dan Bhinneka Tunggal Ika', 'Pancasila, Garuda Pancasila, Sang Merah Putih, dan Indonesia Raya'],
    'Empat konsensus dasar berbangsa adalah Pancasila, UUD 1945, NKRI, dan Bhinneka Tunggal Ika; keempatnya menjadi pegangan saat melayani warga yang beragam.',
    ['bela-negara', 'konsensus-dasar'],
  ),
  single(
    C.belaNegara, 'BN-06',
    'Seorang pegawai sekretariat KPU menerima pesan berantai yang menyebut jadwal pemungutan suara diundur, tanpa sumber yang jelas. Sikap bela negara yang tepat adalah …',
    'Tidak meneruskan pesan itu dan membantu meluruskannya dengan data resmi KPU',
    ['Meneruskannya ke grup lain agar warga waspada', 'Mendiamkannya karena bukan tugas subbagiannya', 'Menanggapinya dengan pendapat pribadi tentang peserta pemilu'],
    'Menolak hoaks termasuk wujud bela negara di KPU: jangan menyebarkan informasi yang belum jelas sumbernya, dan bantu meluruskan kabar bohong dengan data resmi.',
    ['bela-negara', 'hoaks', 'studi-kasus'],
  ),
  single(
    C.belaNegara, 'BN-07',
    'Menjaga kesehatan jasmani dan rohani, disiplin, serta siap menghadapi keadaan darurat merupakan wujud nilai dasar bela negara …',
    'Kemampuan awal bela negara',
    ['Cinta tanah air', 'Sadar berbangsa dan bernegara', 'Setia kepada Pancasila sebagai ideologi negara'],
    'Kemampuan awal bela negara berarti menjaga kesehatan jasmani dan rohani, disiplin, serta siap menghadapi keadaan darurat, misalnya mengetahui prosedur penyelamatan dokumen saat bencana.',
    ['bela-negara', 'nilai-dasar'],
  ),
  single(
    C.belaNegara, 'BN-08',
    'Mendahulukan kepentingan umum di atas kepentingan pribadi atau golongan mencerminkan nilai dasar bela negara …',
    'Rela berkorban untuk bangsa dan negara',
    ['Kemampuan awal bela negara', 'Cinta tanah air', 'Sadar berbangsa dan bernegara'],
    'Rela berkorban untuk bangsa dan negara berarti mendahulukan kepentingan umum di atas kepentingan pribadi atau golongan.',
    ['bela-negara', 'nilai-dasar'],
  ),
  trueFalse(
    C.belaNegara, 'BN-09',
    'Menurut UU Nomor 20 Tahun 2023, ASN wajib setia kepada Pancasila, UUD 1945, NKRI, dan pemerintah yang sah.',
    true,
    'Benar. UU Nomor 20 Tahun 2023 tentang ASN mewajibkan setiap ASN setia kepada Pancasila, UUD 1945, NKRI, dan pemerintah yang sah.',
    ['bela-negara', 'uu-20-2023', 'asn'],
  ),

  // --- Nilai-Nilai Dasar ASN: BerAKHLAK -------------------------------------------------------
  short(
    C.berakhlak, 'AK-01',
    'Tuliskan akronim tujuh nilai dasar ASN yang ditetapkan UU Nomor 20 Tahun 2023.',
    ['BerAKHLAK', 'Ber AKHLAK', 'Ber-AKHLAK', 'Ber-Akhlak'],
    'Tujuh nilai dasar ASN dikenal dengan akronim BerAKHLAK: Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif.',
    ['berakhlak', 'uu-20-2023'],
  ),
  short(
    C.berakhlak, 'AK-02',
    'Apa motto yang menyertai nilai dasar ASN?',
    ['Bangga Melayani Bangsa', '"Bangga Melayani Bangsa"', 'Bangga Melayani Bangsa!'],
    'Motto nilai dasar ASN adalah "Bangga Melayani Bangsa".',
    ['berakhlak', 'motto'],
  ),
  single(
    C.berakhlak, 'AK-03',
    'Seorang warga menanyakan mengapa namanya tidak ada dalam daftar pemilih. Petugas langsung memeriksa data, menjelaskan langkah pendaftaran, dan mencatat nomor teleponnya untuk memberi kabar. Nilai dasar ASN yang paling tampak adalah …',
    'Berorientasi Pelayanan',
    ['Loyal', 'Adaptif', 'Kompeten'],
    'Berorientasi Pelayanan: memahami dan memenuhi kebutuhan masyarakat dengan ramah, cekatan, solutif, dan dapat diandalkan.',
    ['berakhlak', 'berorientasi-pelayanan', 'studi-kasus'],
  ),
  single(
    C.berakhlak, 'AK-04',
    'Bendahara menyimpan setiap kuitansi perjalanan dinas dan mengunggah laporannya tepat waktu, dan kendaraan dinas tidak dipakai untuk urusan pribadi. Nilai dasar ASN yang diterapkan adalah …',
    'Akuntabel',
    ['Harmonis', 'Kolaboratif', 'Berorientasi Pelayanan'],
    'Akuntabel: jujur, bertanggung jawab, cermat, dan disiplin; menggunakan barang milik negara secara efisien dan tidak menyalahgunakan kewenangan.',
    ['berakhlak', 'akuntabel', 'studi-kasus'],
  ),
  single(
    C.berakhlak, 'AK-05',
    'Staf teknis mempelajari aplikasi pendataan pemilih yang baru, lalu membuat panduan singkat bergambar untuk rekan-rekannya. Nilai dasar ASN yang paling sesuai adalah …',
    'Kompeten',
    ['Loyal', 'Akuntabel', 'Harmonis'],
    'Kompeten: terus meningkatkan kemampuan, membantu orang lain belajar, dan bekerja dengan kualitas terbaik.',
    ['berakhlak', 'kompeten', 'studi-kasus'],
  ),
  single(
    C.berakhlak, 'AK-06',
    'Seorang pegawai menolak membagikan data pribadi pemilih dan dokumen internal kantor kepada kenalannya, meskipun diminta berulang kali. Nilai dasar ASN yang ia pegang adalah …',
    'Loyal',
    ['Adaptif', 'Kolaboratif', 'Kompeten'],
    'Loyal mencakup menjaga nama baik instansi dan rahasia jabatan, serta setia kepada Pancasila, UUD 1945, NKRI, dan pemerintah yang sah.',
    ['berakhlak', 'loyal', 'studi-kasus'],
  ),
  single(
    C.berakhlak, 'AK-07',
    'Ketika jadwal tahapan berubah karena regulasi baru, subbagian teknis segera memperbarui rencana kerja dan mengumumkan perubahan melalui kanal resmi. Sikap ini mencerminkan nilai …',
    'Adaptif',
    ['Akuntabel', 'Loyal', 'Harmonis'],
    'Adaptif: cepat menyesuaikan diri dengan perubahan, terus berinovasi, dan bertindak proaktif.',
    ['berakhlak', 'adaptif', 'studi-kasus'],
  ),
  multiple(
    C.berakhlak, 'AK-08',
    'Dua dari tujuh nilai dasar ASN diawali huruf K. Nilai apa saja itu? Pilih semua jawaban yang benar.',
    [
      ['Kompeten', true],
      ['Kolaboratif', true],
      ['Konsisten', false],
      ['Komunikatif', false],
    ],
    false,
    'Dua huruf K dalam BerAKHLAK adalah Kompeten dan Kolaboratif. Jawaban dinilai benar hanya jika keduanya dipilih tanpa pilihan yang salah.',
    ['berakhlak', 'kompeten', 'kolaboratif'],
  ),
  trueFalse(
    C.berakhlak, 'AK-09',
    'Tujuh nilai dasar ASN hanya wajib dipegang oleh PNS; PPPK cukup mematuhi isi perjanjian kerjanya.',
    false,
    'Salah. Nilai dasar ASN berlaku sama bagi PNS dan PPPK, dan juga menjadi dasar penilaian perilaku kerja.',
    ['berakhlak', 'pppk'],
  ),
  single(
    C.berakhlak, 'AK-10',
    'Untuk menjangkau pemilih pemula di desa yang sulit sinyal, KPU Kabupaten bekerja sama dengan sekolah, tokoh adat, dan radio komunitas. Nilai dasar ASN yang tampak adalah …',
    'Kolaboratif',
    ['Kompeten', 'Akuntabel', 'Loyal'],
    'Kolaboratif: memberi kesempatan berbagai pihak berkontribusi, terbuka bekerja sama, dan memanfaatkan sumber daya untuk tujuan bersama.',
    ['berakhlak', 'kolaboratif', 'studi-kasus'],
  ),
  single(
    C.berakhlak, 'AK-11',
    'Tim sekretariat menyesuaikan jadwal rapat saat rekannya beribadah dan membahas perbedaan pendapat dengan santun. Nilai dasar ASN yang diterapkan adalah …',
    'Harmonis',
    ['Adaptif', 'Berorientasi Pelayanan', 'Akuntabel'],
    'Harmonis: menghargai setiap orang apa pun latar belakangnya, suka menolong, dan menjaga suasana kerja yang kondusif.',
    ['berakhlak', 'harmonis', 'studi-kasus'],
  ),

  // --- Kedudukan dan Peran PPPK dalam Smart Governance ----------------------------------------
  single(
    C.pppk, 'PG-01',
    'Menurut UU Nomor 20 Tahun 2023, Aparatur Sipil Negara (ASN) terdiri atas …',
    'PNS dan PPPK',
    ['PNS, PPPK, dan tenaga honorer', 'PNS dan anggota TNI/Polri', 'Pegawai tetap dan pegawai harian lepas'],
    'UU Nomor 20 Tahun 2023 menyatakan ASN terdiri atas dua jenis pegawai: Pegawai Negeri Sipil (PNS) dan Pegawai Pemerintah dengan Perjanjian Kerja (PPPK).',
    ['pppk', 'uu-20-2023', 'kedudukan'],
  ),
  single(
    C.pppk, 'PG-02',
    'Perbedaan utama antara PPPK dan PNS adalah …',
    'PPPK diangkat berdasarkan perjanjian kerja untuk jangka waktu tertentu',
    ['PPPK tidak wajib memegang nilai dasar dan kode etik ASN', 'PPPK boleh menjadi pengurus partai politik', 'PPPK tidak berhak atas pengembangan kompetensi'],
    'PPPK dan PNS sama-sama ASN dengan nilai dasar, kode etik, dan kewajiban netralitas yang sama; bedanya, PPPK diangkat berdasarkan perjanjian kerja untuk jangka waktu tertentu.',
    ['pppk', 'kedudukan'],
  ),
  single(
    C.pppk, 'PG-03',
    'Menurut PP Nomor 49 Tahun 2018, kesempatan pengembangan kompetensi bagi PPPK adalah …',
    'Paling lama 24 jam pelajaran (JP) dalam satu tahun masa perjanjian kerja',
    ['Paling sedikit 20 JP dalam satu tahun', 'Paling lama 45 JP dalam satu tahun, termasuk orientasi', 'Tidak dibatasi selama disetujui atasan'],
    'PPPK mendapat kesempatan pengembangan kompetensi paling lama 24 JP dalam satu tahun masa perjanjian kerja.',
    ['pppk', 'pp-49-2018', 'pengembangan-kompetensi'],
  ),
  trueFalse(
    C.pppk, 'PG-04',
    'Orientasi PPPK yang sedang Anda ikuti mengurangi jatah pengembangan kompetensi 24 JP pada tahun perjanjian kerja Anda.',
    false,
    'Salah. Orientasi tidak mengurangi jatah pengembangan kompetensi PPPK yang paling lama 24 JP per tahun.',
    ['pppk', 'pp-49-2018', 'pengembangan-kompetensi'],
  ),
  multiple(
    C.pppk, 'PG-05',
    'Menurut UU Nomor 20 Tahun 2023, PNS dan PPPK menjalankan fungsi sebagai … Pilih semua jawaban yang benar.',
    [
      ['Pelaksana kebijakan publik', true],
      ['Pelayan publik', true],
      ['Perekat dan pemersatu bangsa', true],
      ['Pengawas pelaksanaan pemilu', false],
      ['Penentu kebijakan partai politik', false],
    ],
    true,
    'Fungsi ASN adalah pelaksana kebijakan publik, pelayan publik, serta perekat dan pemersatu bangsa. ASN harus netral, sehingga tidak menentukan kebijakan partai politik.',
    ['pppk', 'uu-20-2023', 'fungsi-asn'],
  ),
  single(
    C.pppk, 'PG-06',
    'Menurut PP Nomor 49 Tahun 2018, masa hubungan perjanjian kerja PPPK …',
    'Paling singkat satu tahun dan dapat diperpanjang sesuai kebutuhan instansi dan berdasarkan penilaian kinerja',
    ['Paling singkat enam bulan dan tidak dapat diperpanjang', 'Lima tahun dan diperpanjang secara otomatis', 'Sama dengan masa jabatan anggota KPU'],
    'Masa hubungan kerja PPPK paling singkat satu tahun dan dapat diperpanjang sesuai kebutuhan instansi dan berdasarkan penilaian kinerja.',
    ['pppk', 'pp-49-2018', 'perjanjian-kerja'],
  ),
  single(
    C.pppk, 'PG-07',
    'Kebijakan nasional Sistem Pemerintahan Berbasis Elektronik, salah satu landasan smart governance, diatur dalam …',
    'Peraturan Presiden Nomor 95 Tahun 2018',
    ['Peraturan Presiden Nomor 105 Tahun 2018', 'Peraturan Pemerintah Nomor 49 Tahun 2018', 'Peraturan KPU Nomor 14 Tahun 2020'],
    'Sistem Pemerintahan Berbasis Elektronik (SPBE) diatur dalam Perpres Nomor 95 Tahun 2018. Perpres 105/2018 mengatur kesekretariatan KPU.',
    ['smart-governance', 'spbe', 'dasar-hukum'],
  ),
  short(
    C.pppk, 'PG-08',
    'Apa singkatan dari Sistem Pemerintahan Berbasis Elektronik?',
    ['SPBE', 'S.P.B.E.'],
    'Sistem Pemerintahan Berbasis Elektronik disingkat SPBE.',
    ['smart-governance', 'spbe'],
  ),
  multiple(
    C.pppk, 'PG-09',
    'Smart governance membutuhkan Smart ASN. Manakah yang termasuk ciri Smart ASN menurut materi? Pilih semua jawaban yang benar.',
    [
      ['Berintegritas dan berwawasan kebangsaan', true],
      ['Melek digital', true],
      ['Mampu berkomunikasi dan mau terus belajar', true],
      ['Hanya bekerja dengan dokumen kertas agar aman', false],
    ],
    true,
    'Smart ASN adalah pegawai yang berintegritas, berwawasan kebangsaan, melek digital, mampu berkomunikasi, dan mau terus belajar.',
    ['smart-governance', 'smart-asn'],
  ),
  trueFalse(
    C.pppk, 'PG-10',
    'PPPK wajib netral, bebas dari pengaruh dan intervensi golongan serta partai politik, sama seperti PNS.',
    true,
    'Benar. PNS dan PPPK sama-sama wajib netral, bebas dari pengaruh dan intervensi golongan serta partai politik.',
    ['pppk', 'netralitas'],
  ),

  // --- Susunan Organisasi dan Tata Kerja KPU --------------------------------------------------
  single(
    C.organisasi, 'OK-01',
    'Menurut UU Nomor 7 Tahun 2017, KPU adalah lembaga penyelenggara pemilu yang bersifat …',
    'Nasional, tetap, dan mandiri',
    ['Daerah, sementara, dan mandiri', 'Nasional, sementara, dan berada di bawah kementerian', 'Nasional, tetap, dan berada di bawah pemerintah daerah'],
    'UU Nomor 7 Tahun 2017 menyebut KPU sebagai lembaga penyelenggara pemilu yang bersifat nasional, tetap, dan mandiri.',
    ['organisasi', 'uu-7-2017'],
  ),
  single(
    C.organisasi, 'OK-02',
    'KPU di setiap tingkatan terdiri atas dua unsur. Di unsur manakah PPPK bekerja?',
    'Sekretariat',
    ['Anggota KPU (komisioner)', 'Dewan Kehormatan Penyelenggara Pemilu', 'Badan Pengawas Pemilu'],
    'KPU terdiri atas anggota KPU (komisioner) dan sekretariat. PPPK bekerja di unsur sekretariat, yang memberi dukungan teknis dan administratif.',
    ['organisasi', 'sekretariat'],
  ),
  single(
    C.organisasi, 'OK-03',
    'Siapa yang memimpin Sekretariat KPU Provinsi?',
    'Seorang Sekretaris',
    ['Ketua KPU Provinsi', 'Gubernur', 'Sekretaris Jenderal KPU'],
    'Sekretariat KPU Provinsi dan Sekretariat KPU Kabupaten/Kota masing-masing dipimpin seorang Sekretaris; Sekretariat Jenderal KPU dipimpin Sekretaris Jenderal.',
    ['organisasi', 'sekretariat', 'tingkatan'],
  ),
  single(
    C.organisasi, 'OK-04',
    'Peraturan yang mengatur organisasi dan tata kerja kesekretariatan KPU, dari Sekretariat Jenderal sampai sekretariat kabupaten/kota, adalah …',
    'Peraturan Presiden Nomor 105 Tahun 2018',
    ['Peraturan Presiden Nomor 95 Tahun 2018', 'Peraturan Pemerintah Nomor 49 Tahun 2018', 'Peraturan DKPP Nomor 2 Tahun 2017'],
    'Perpres Nomor 105 Tahun 2018 mengatur organisasi dan tata kerja kesekretariatan KPU; pengaturan lebih lanjut ada dalam PKPU Nomor 14 Tahun 2020.',
    ['organisasi', 'perpres-105-2018', 'dasar-hukum'],
  ),
  trueFalse(
    C.organisasi, 'OK-05',
    'Hubungan antara KPU RI, KPU Provinsi, dan KPU Kabupaten/Kota bersifat hierarkis.',
    true,
    'Benar. KPU Provinsi dan KPU Kabupaten/Kota melaksanakan kebijakan dan keputusan KPU RI sesuai kewenangannya.',
    ['organisasi', 'tingkatan'],
  ),
  multiple(
    C.organisasi, 'OK-06',
    'Manakah yang termasuk pembagian tugas subbagian di Sekretariat KPU Kabupaten/Kota? Pilih semua jawaban yang benar.',
    [
      ['Teknis penyelenggaraan pemilu dan partisipasi masyarakat', true],
      ['Perencanaan, data, dan informasi', true],
      ['Keuangan, umum, dan logistik', true],
      ['Pemeriksaan pelanggaran kode etik penyelenggara pemilu', false],
      ['Penetapan kebijakan penyelenggaraan pemilu', false],
    ],
    true,
    'Subbagian sekretariat menangani antara lain teknis penyelenggaraan dan partisipasi masyarakat; perencanaan, data, dan informasi; hukum dan SDM; serta keuangan, umum, dan logistik. Kebijakan ditetapkan komisioner, dan kode etik ditangani DKPP.',
    ['organisasi', 'sekretariat', 'subbagian'],
  ),
  single(
    C.organisasi, 'OK-07',
    'Dalam tata kerja sehari-hari, prinsip "satu komando" berarti …',
    'Tugas diterima dari atasan langsung dan dilaporkan kembali kepadanya',
    ['Setiap pegawai boleh menerima tugas dari komisioner mana pun', 'Semua keputusan diambil langsung oleh Sekretaris Jenderal', 'Pekerjaan lintas subbagian tidak perlu dikoordinasikan'],
    'Satu komando: tugas diterima dari atasan langsung dan dilaporkan kembali kepadanya. Pekerjaan lintas subbagian tetap dikoordinasikan bersama.',
    ['organisasi', 'tata-kerja'],
  ),
  single(
    C.organisasi, 'OK-08',
    'Bagaimana alur pelaporan berjenjang di lingkungan KPU?',
    'Data dari kabupaten/kota dihimpun di provinsi, lalu diteruskan ke KPU RI',
    ['KPU Kabupaten/Kota melapor langsung kepada Presiden', 'KPU Provinsi menghimpun data dari KPU RI lalu meneruskannya ke kabupaten/kota', 'Setiap subbagian melapor langsung kepada DKPP'],
    'Pelaporan berjenjang: data dari kabupaten/kota dihimpun di provinsi, lalu diteruskan ke KPU RI.',
    ['organisasi', 'tata-kerja', 'pelaporan'],
  ),
  short(
    C.organisasi, 'OK-09',
    'Berapa jumlah KPU Kabupaten/Kota di Provinsi Nusa Tenggara Timur? Tuliskan angkanya.',
    ['22', 'dua puluh dua', '22 KPU Kabupaten/Kota'],
    'Di Nusa Tenggara Timur terdapat 22 KPU Kabupaten/Kota, dari KPU Kabupaten Sumba Barat sampai KPU Kota Kupang.',
    ['organisasi', 'ntt', 'tingkatan'],
  ),
  trueFalse(
    C.organisasi, 'OK-10',
    'Anggota KPU (komisioner) adalah unsur yang memberikan dukungan teknis dan administratif seperti keuangan, logistik, dan kepegawaian.',
    false,
    'Salah. Komisioner mengambil keputusan dan menetapkan kebijakan; dukungan teknis dan administratif diberikan oleh sekretariat.',
    ['organisasi', 'komisioner', 'sekretariat'],
  ),

  // --- Pengenalan Jabatan dan Manajemen Kinerja -----------------------------------------------
  single(
    C.jabatan, 'JK-01',
    'UU Nomor 20 Tahun 2023 menyederhanakan jabatan ASN menjadi …',
    'Jabatan manajerial dan jabatan nonmanajerial',
    ['Jabatan struktural, fungsional, dan pelaksana', 'Jabatan pimpinan tinggi dan jabatan administrasi', 'Jabatan tetap dan jabatan kontrak'],
    'UU Nomor 20 Tahun 2023 membagi jabatan ASN menjadi jabatan manajerial (memimpin unit kerja) dan nonmanajerial (melaksanakan tugas sesuai keahlian atau keterampilan).',
    ['jabatan', 'uu-20-2023'],
  ),
  single(
    C.jabatan, 'JK-02',
    'Jabatan di sekretariat KPU yang bertugas mengelola sistem informasi dan perangkat teknologi adalah …',
    'Pranata Komputer',
    ['Arsiparis', 'Penata Kelola Pemilu', 'Analis Sumber Daya Manusia Aparatur'],
    'Pranata Komputer mengelola sistem informasi dan perangkat teknologi; Arsiparis mengelola arsip, Penata Kelola Pemilu mendukung teknis tahapan, Analis SDM Aparatur mengelola kepegawaian.',
    ['jabatan', 'jabatan-fungsional'],
  ),
  single(
    C.jabatan, 'JK-03',
    'Pada langkah perencanaan kinerja, siapa yang menyusun hasil kerja yang akan dicapai beserta ukuran dan ekspektasinya?',
    'Pegawai bersama atasannya',
    ['Pegawai sendiri tanpa melibatkan atasan', 'Subbagian keuangan', 'Anggota KPU (komisioner)'],
    'Di awal periode pegawai dan atasan bersama-sama menyusun sasaran kinerja: hasil kerja, ukurannya, dan ekspektasi atasan.',
    ['kinerja', 'perencanaan-kinerja'],
  ),
  short(
    C.jabatan, 'JK-04',
    'Dokumen yang disusun di awal periode, berisi hasil kerja yang akan dicapai, ukurannya, dan ekspektasi atasan, disebut … (boleh ditulis singkatannya)',
    ['SKP', 'S.K.P.', 'Sasaran Kinerja Pegawai', 'Sasaran Kinerja Pegawai (SKP)'],
    'Dokumen itu adalah Sasaran Kinerja Pegawai (SKP). Hasil kerja di dalamnya harus mendukung sasaran unit kerja dan sasaran KPU.',
    ['kinerja', 'skp'],
  ),
  multiple(
    C.jabatan, 'JK-05',
    'Manakah yang termasuk langkah dalam siklus manajemen kinerja ASN? Pilih semua jawaban yang benar.',
    [
      ['Perencanaan kinerja', true],
      ['Pelaksanaan dan pemantauan', true],
      ['Penilaian kinerja', true],
      ['Tindak lanjut', true],
      ['Rotasi jabatan otomatis setiap bulan', false],
    ],
    true,
    'Siklus manajemen kinerja terdiri atas empat langkah: perencanaan kinerja, pelaksanaan dan pemantauan, penilaian kinerja, dan tindak lanjut.',
    ['kinerja', 'siklus-kinerja'],
  ),
  single(
    C.jabatan, 'JK-06',
    'Manakah yang TIDAK termasuk predikat hasil penilaian kinerja menurut materi?',
    'Istimewa',
    ['Sangat Baik', 'Butuh Perbaikan', 'Sangat Kurang'],
    'Predikat kinerja adalah Sangat Baik, Baik, Butuh Perbaikan, Kurang, atau Sangat Kurang. "Istimewa" tidak termasuk.',
    ['kinerja', 'penilaian-kinerja'],
  ),
  trueFalse(
    C.jabatan, 'JK-07',
    'Dialog kinerja antara pegawai dan atasan cukup dilakukan sekali setahun, pada saat penilaian akhir.',
    false,
    'Salah. Dialog kinerja adalah percakapan rutin untuk membahas kemajuan, hambatan, dan umpan balik; kinerja tidak cukup dibahas setahun sekali.',
    ['kinerja', 'dialog-kinerja'],
  ),
  single(
    C.jabatan, 'JK-08',
    'Bagi PPPK, hasil penilaian kinerja antara lain menjadi bahan pertimbangan …',
    'Perpanjangan perjanjian kerja',
    ['Pengangkatan otomatis menjadi PNS', 'Penetapan hasil pemilu', 'Pembagian daerah pemilihan'],
    'Hasil penilaian kinerja dipakai untuk pengembangan kompetensi, penghargaan, dan bagi PPPK, pertimbangan perpanjangan perjanjian kerja.',
    ['kinerja', 'pppk', 'tindak-lanjut'],
  ),
  single(
    C.jabatan, 'JK-09',
    'Pengelolaan kinerja ASN saat ini mengacu pada …',
    'Peraturan Menteri PANRB Nomor 6 Tahun 2022',
    ['Peraturan DKPP Nomor 2 Tahun 2017', 'Peraturan Presiden Nomor 95 Tahun 2018', 'UU Nomor 23 Tahun 2019'],
    'Pengelolaan kinerja ASN mengacu pada Permenpan RB Nomor 6 Tahun 2022; penilaian kinerja PPPK juga diatur dalam PP Nomor 49 Tahun 2018.',
    ['kinerja', 'permenpanrb-6-2022', 'dasar-hukum'],
  ),
  trueFalse(
    C.jabatan, 'JK-10',
    'PPPK umumnya menduduki jabatan fungsional, yang termasuk jabatan nonmanajerial.',
    true,
    'Benar. PPPK umumnya menduduki jabatan fungsional yang termasuk nonmanajerial, misalnya Penata Kelola Pemilu atau Arsiparis.',
    ['jabatan', 'jabatan-fungsional', 'pppk'],
  ),

  // --- Nilai, Etika dan Integritas Penyelenggara Pemilu ---------------------------------------
  single(
    C.etika, 'EP-01',
    'Kode Etik dan Pedoman Perilaku Penyelenggara Pemilu ditetapkan oleh …',
    'Dewan Kehormatan Penyelenggara Pemilu (DKPP)',
    ['Badan Pengawas Pemilu (Bawaslu)', 'Lembaga Administrasi Negara (LAN)', 'Kementerian Dalam Negeri'],
    'Kode etik penyelenggara pemilu ditetapkan DKPP dalam Peraturan DKPP Nomor 2 Tahun 2017. Sebagai ASN, pegawai KPU juga terikat kode etik ASN.',
    ['etika', 'kode-etik', 'dkpp'],
  ),
  multiple(
    C.etika, 'EP-02',
    'Manakah yang termasuk prinsip penyelenggara pemilu menurut UU Nomor 7 Tahun 2017? Pilih semua jawaban yang benar.',
    [
      ['Mandiri', true],
      ['Jujur', true],
      ['Berkepastian hukum', true],
      ['Berpihak kepada peserta pemilu dengan suara terbanyak', false],
      ['Tertutup bagi masyarakat', false],
    ],
    true,
    'Penyelenggara pemilu bekerja berdasarkan prinsip mandiri, jujur, adil, berkepastian hukum, tertib, terbuka, proporsional, profesional, akuntabel, efektif, dan efisien.',
    ['etika', 'prinsip-pemilu', 'uu-7-2017'],
  ),
  single(
    C.etika, 'EP-03',
    'Jika seorang pegawai terpaksa menerima gratifikasi yang berhubungan dengan jabatannya, pemberian itu wajib dilaporkan paling lambat …',
    '30 hari kerja sejak diterima',
    ['7 hari kalender sejak diterima', 'Pada akhir tahun anggaran', 'Tidak perlu dilaporkan bila nilainya kecil'],
    'Gratifikasi wajib dilaporkan paling lambat 30 hari kerja sejak diterima, langsung atau melalui unit pengendalian gratifikasi di instansi.',
    ['etika', 'gratifikasi', 'integritas'],
  ),
  single(
    C.etika, 'EP-04',
    'Menjelang penetapan daftar pemilih, seorang kerabat dengan sopan meminta Anda "mengecek" data pemilih satu desa untuk tim sukses, sambil menawarkan uang bensin. Langkah yang tepat adalah …',
    'Menolak dengan sopan, tidak menerima uang apa pun, dan melaporkan kejadian itu kepada atasan langsung',
    ['Memberikan data karena hanya satu desa dan permintaannya sopan', 'Menerima uang bensin, tetapi tidak memberikan datanya', 'Meminta kerabat menunggu sampai daftar pemilih ditetapkan, lalu memberikan datanya'],
    'Tolak dengan sopan, jangan menerima uang atau barang apa pun, laporkan kepada atasan langsung, dan arahkan kerabat ke informasi publik resmi.',
    ['etika', 'integritas', 'data-pribadi', 'studi-kasus'],
  ),
  multiple(
    C.etika, 'EP-05',
    'Manakah tindakan yang melanggar netralitas pegawai KPU? Pilih semua jawaban yang benar.',
    [
      ['Membagikan konten kampanye salah satu peserta pemilu di media sosial', true],
      ['Menghadiri kampanye sebagai pendukung dengan memakai atribut peserta pemilu', true],
      ['Menyampaikan jadwal tahapan pemilu melalui kanal resmi KPU', false],
      ['Melayani semua peserta pemilu dan pendukungnya secara setara', false],
    ],
    false,
    'Membagikan konten kampanye dan hadir di kampanye sebagai pendukung melanggar netralitas. Menyampaikan informasi resmi dan melayani semua pihak secara setara justru wujud netralitas.',
    ['etika', 'netralitas', 'media-sosial'],
  ),
  trueFalse(
    C.etika, 'EP-06',
    'Data pribadi pemilih dilindungi oleh UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.',
    true,
    'Benar. Kerahasiaan data pribadi pemilih wajib dijaga sesuai UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.',
    ['etika', 'data-pribadi', 'uu-27-2022'],
  ),
  single(
    C.etika, 'EP-07',
    'Integritas menurut materi berarti …',
    'Satunya kata dan perbuatan, juga saat tidak ada yang melihat',
    ['Patuh pada aturan hanya ketika diawasi atasan', 'Selalu mengikuti pendapat mayoritas rekan kerja', 'Menyelesaikan pekerjaan secepat mungkin meskipun melanggar prosedur'],
    'Integritas berarti satunya kata dan perbuatan, juga saat tidak ada yang melihat.',
    ['etika', 'integritas'],
  ),
  single(
    C.etika, 'EP-08',
    'Kakak Anda ternyata ikut menjadi calon penyedia logistik pemilu dalam pengadaan yang Anda tangani. Apa yang sebaiknya Anda lakukan?',
    'Menyampaikannya kepada atasan agar konflik kepentingan dapat dihindari',
    ['Merahasiakannya agar proses pengadaan tidak tertunda', 'Membantu kakak menyusun penawaran supaya menang', 'Tetap menangani pengadaan itu asalkan tidak menerima imbalan'],
    'Hindari konflik kepentingan: sampaikan kepada atasan bila ada keluarga atau kerabat yang terlibat dalam pekerjaan Anda.',
    ['etika', 'konflik-kepentingan', 'studi-kasus'],
  ),
  trueFalse(
    C.etika, 'EP-09',
    'Menerima bingkisan dari calon penyedia logistik pemilu diperbolehkan selama diberikan di luar jam kerja.',
    false,
    'Salah. Pemberian yang berhubungan dengan jabatan harus ditolak, kapan pun diberikan; bila terpaksa diterima, wajib dilaporkan sebagai gratifikasi.',
    ['etika', 'gratifikasi'],
  ),
  short(
    C.etika, 'EP-10',
    'Kepada lembaga apa gratifikasi dilaporkan bila tidak melalui unit pengendalian gratifikasi di instansi? Tuliskan nama atau singkatannya.',
    ['KPK', 'Komisi Pemberantasan Korupsi', 'Komisi Pemberantasan Korupsi (KPK)', 'K.P.K.'],
    'Gratifikasi dilaporkan kepada Komisi Pemberantasan Korupsi (KPK), sesuai UU Nomor 31 Tahun 1999 jo. UU Nomor 20 Tahun 2001.',
    ['etika', 'gratifikasi', 'kpk'],
  ),
];

/** The quiz draw rules of the demo programme: how many questions each quiz takes from each category. */
export const DEMO_DRAW = {
  preTest: [
    { category: C.belaNegara, count: 2 },
    { category: C.berakhlak, count: 2 },
    { category: C.pppk, count: 2 },
    { category: C.organisasi, count: 2 },
    { category: C.jabatan, count: 1 },
    { category: C.etika, count: 1 },
  ],
  final: [
    { category: C.belaNegara, count: 3 },
    { category: C.berakhlak, count: 4 },
    { category: C.pppk, count: 3 },
    { category: C.organisasi, count: 3 },
    { category: C.jabatan, count: 3 },
    { category: C.etika, count: 4 },
  ],
} as const;

export interface DemoQuestionsResult {
  inserted: number;
  skipped: number;
}

/**
 * Inserts the demo questions into the programme's bank, creating the categories as needed. A code
 * that already exists in the programme (active or archived, possibly edited by an author) is left
 * alone, so running this again adds only what is missing.
 */
export async function ensureDemoQuestions(ctx: AppContext, programmeId: number): Promise<DemoQuestionsResult> {
  const now = ctx.clock().toISOString();
  const existing = new Set(await ctx.repos.questions.codesOf(programmeId));
  const categoryIds = new Map<string, number>();
  let inserted = 0;
  for (const q of DEMO_QUESTIONS) {
    if (existing.has(q.code)) continue;
    let categoryId = categoryIds.get(q.category);
    if (categoryId === undefined) {
      categoryId = await ctx.repos.questions.ensureCategory(programmeId, q.category, now);
      categoryIds.set(q.category, categoryId);
    }
    await ctx.repos.questions.insertQuestion({
      programmeId,
      categoryId,
      code: q.code,
      type: q.type,
      text: q.text,
      options: q.options.map((o, i) => ({ id: i + 1, text: o.text, correct: o.correct })),
      acceptedAnswers: q.acceptedAnswers,
      points: q.points,
      partialCredit: q.partialCredit,
      feedback: q.feedback,
      tags: q.tags,
      now,
    });
    inserted++;
  }
  return { inserted, skipped: DEMO_QUESTIONS.length - inserted };
}
