#!/usr/bin/env bash
# Makes the demo micro-learning video once; the outputs are committed under content/demo/ and
# nothing needs ffmpeg at run time. Run from the project root:  bash scripts/make-demo-media.sh
#
# Made with ffmpeg 5.1 (Debian 12) and DejaVu Sans from fonts-dejavu-core:
#   apt-get update && apt-get install -y ffmpeg fonts-dejavu-core
# Everything is generated (colour cards + text): no third-party footage, music or images.
#
# Outputs:
#   content/demo/micro-berakhlak.mp4           640x360, H.264 baseline ~300 kbit/s, no audio, faststart
#   content/demo/micro-berakhlak-hemat-data.mp4 320x180, H.264 baseline ~80 kbit/s, 15 fps, no audio, faststart
#   content/demo/micro-berakhlak.id.vtt        Indonesian captions, one cue per card
# After a re-run, update BERAKHLAK_VIDEO_SECONDS in src/services/demo-content.ts from the ffprobe line.
# The PDF module is made separately: npx tsx scripts/make-demo-pdf.ts
set -euo pipefail

OUT=content/demo
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
CARD_SECONDS=5
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One card per line: background colour | title | line 1 | line 2 (ASCII only: no escaping needed).
CARDS=(
  "0x1f3a5f|BerAKHLAK|Tujuh nilai dasar Aparatur Sipil Negara|dalam 30 detik."
  "0x7a1f2b|Berorientasi Pelayanan|Memahami kebutuhan masyarakat;|ramah, cekatan, solutif."
  "0x1f5f3a|Akuntabel dan Kompeten|Jujur, cermat, bertanggung jawab;|terus belajar, bekerja dengan kualitas terbaik."
  "0x5f4a1f|Harmonis dan Loyal|Menghargai setiap orang;|setia pada Pancasila, UUD 1945 dan NKRI."
  "0x3a1f5f|Adaptif dan Kolaboratif|Cepat menyesuaikan diri dan berinovasi;|terbuka bekerja sama untuk tujuan bersama."
  "0x1f3a5f|Bangga Melayani Bangsa|Terapkan BerAKHLAK setiap hari|di kantor KPU Anda."
)

ts() { printf '00:00:%02d.000' "$1"; }
VTT="$WORK/captions.vtt"
printf 'WEBVTT\n\n' >"$VTT"
: >"$WORK/list.txt"
i=0
for card in "${CARDS[@]}"; do
  IFS='|' read -r colour title line1 line2 <<<"$card"
  printf '%s' "$title" >"$WORK/t$i.txt"
  printf '%s' "$line1" >"$WORK/a$i.txt"
  printf '%s' "$line2" >"$WORK/b$i.txt"
  # A lossless intermediate per card, 640x360 at 25 fps.
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "color=c=${colour}:s=640x360:r=25:d=${CARD_SECONDS}" \
    -vf "drawbox=x=0:y=300:w=640:h=60:color=black@0.25:t=fill,\
drawtext=fontfile=${FONT_BOLD}:textfile=$WORK/t$i.txt:fontsize=38:fontcolor=white:x=(w-text_w)/2:y=110,\
drawtext=fontfile=${FONT}:textfile=$WORK/a$i.txt:fontsize=22:fontcolor=white:x=(w-text_w)/2:y=180,\
drawtext=fontfile=${FONT}:textfile=$WORK/b$i.txt:fontsize=22:fontcolor=white:x=(w-text_w)/2:y=214,\
drawtext=fontfile=${FONT}:text='Lentera - Orientasi PPPK':fontsize=16:fontcolor=white@0.8:x=20:y=322" \
    -c:v libx264 -qp 0 -preset ultrafast -pix_fmt yuv420p "$WORK/card$i.mp4"
  echo "file '$WORK/card$i.mp4'" >>"$WORK/list.txt"
  start=$((i * CARD_SECONDS)); end=$(((i + 1) * CARD_SECONDS))
  printf '%s\n%s --> %s\n%s\n%s %s\n\n' "$((i + 1))" "$(ts "$start")" "$(ts "$end")" "$title" "$line1" "$line2" >>"$VTT"
  i=$((i + 1))
done
ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$WORK/list.txt" -c copy "$WORK/all.mp4"

# Normal: 640x360, ~300 kbit/s.
ffmpeg -hide_banner -loglevel error -y -i "$WORK/all.mp4" -an \
  -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -r 25 -g 50 \
  -b:v 300k -maxrate 300k -bufsize 600k -movflags +faststart "$OUT/micro-berakhlak.mp4"
# Low data: 320x180, ~80 kbit/s, 15 fps.
ffmpeg -hide_banner -loglevel error -y -i "$WORK/all.mp4" -an -t 30 -vf scale=320:180 \
  -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -r 15 -g 30 \
  -b:v 80k -maxrate 80k -bufsize 160k -movflags +faststart "$OUT/micro-berakhlak-hemat-data.mp4"
cp "$VTT" "$OUT/micro-berakhlak.id.vtt"

for f in "$OUT/micro-berakhlak.mp4" "$OUT/micro-berakhlak-hemat-data.mp4"; do
  printf '%s: %s bytes, %s s\n' "$f" "$(stat -c %s "$f")" \
    "$(ffprobe -v error -show_entries format=duration -of default=noprint_wrappers=1:nokey=1 "$f")"
done
