"""Gentle page clean-up before Tesseract: crop dark scanner borders, put the page upright,
deskew, optionally a 3x3 median. Never aggressive binarisation: Tesseract binarises itself and
adaptive thresholding raised CER tenfold (docs/traps.md; measurements in docs/adr/0004).

All analysis runs on a ~100 dpi ink mask, so the steps cost a few tens of milliseconds per page:
- 0 vs 90: text lines give a peaked projection profile along the reading direction. The best
  projection score over skew angles (-10..10 deg) is compared for the mask and the mask turned 90.
- 0 vs 180: Devanagari's headline (shirorekha) makes the densest row of a text line sit in the
  line's upper part; upside down it sits in the lower part. Latin lines vote by ascenders (more
  ink above the x-height band than below). Only when these cues are weak or disagree, Tesseract
  reads a small strip both ways and the higher confidence wins (ocr/probe.py); a probe whose evidence
  is weak proposes no turn (ADR 0055).
- skew: the angle that maximises the sum of squared row counts of the rotated ink points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from ocr.evidence import (
    MAX_SKEW,
    SPECKS,
    STRONG_SKEW,
    SkewEvidence,
    best_angle,
    counts,
    crop_evidence,
    skew_evidence,
    speck_share,
)
from ocr.inkmask import axis_share, axis_sums, ink_window, without_holes, without_rules, without_surround
from ocr.options import OcrOptions
from ocr.probe import WEAK
from ocr.probe import probe_upright as _probe_upright
from ocr.tesseract import installed_languages

ANALYSIS_DPI = 100
MIN_SKEW = 1.0  # below this Tesseract copes with the skew itself; a resample costs time and blurs
_MAX_POINTS = 60_000
_DARK = 80  # grey level of scanner borders
_BORDER_SHARE = 0.6  # a row/column this dark is border, not page


@dataclass(frozen=True)
class Preprocessed:
    image: np.ndarray
    steps: tuple[str, ...]
    rotation: int  # degrees clockwise applied: 0/90/180/270
    skew_degrees: float  # skew found and removed (counter-clockwise positive); 0.0 when untouched
    orientation_cue: str = ""  # how 0 vs 180 was decided: "shape", "tesseract", "tesseract:weak(...)" or ""
    script: str = ""  # text lines by shape: "deva" (all headlined), "latin" (none), "mixed", "" (too few lines)
    skew_residue: float = 0.0  # skew found but left in place (below MIN_SKEW, or beyond MAX_SKEW)
    doubts: tuple[str, ...] = ()  # decisions applied on weak evidence ("crop", "deskew", "denoise"): read without them too
    # decisions applied on strong evidence that only the reading can confirm ("deskew" under STRONG_SKEW, where
    # Tesseract fits the baselines itself): kept on one reading when it reads cleanly, else read without them too
    checks: tuple[str, ...] = ()


def _gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def border_crop(gray: np.ndarray) -> tuple[int, int, int, int]:
    """Pixels to cut (left, top, right, bottom) where the edge rows/columns are mostly dark."""
    step = 2
    dark = gray[::step, ::step] < _DARK
    rows, cols = axis_share(dark, 1), axis_share(dark, 0)

    def run(profile: np.ndarray) -> int:
        n = 0
        while n < len(profile) // 3 and profile[n] > _BORDER_SHARE:
            n += 1
        return n

    cut = [run(cols), run(rows), run(cols[::-1]), run(rows[::-1])]
    return tuple(c * step + step if c else 0 for c in cut)  # type: ignore[return-value]


def _ink_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    f = min(1.0, ANALYSIS_DPI / max(dpi, 1))
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    thr = min(thr, 200.0)  # a blank page's Otsu threshold is meaningless
    # rules, bands, borders, a desk, holes are not text (ADR 0032, 0035, 0039)
    return without_rules(without_holes(without_surround(small < thr), min(dpi, ANALYSIS_DPI) / 25.4))


def _points(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of the mask's ink points in row order (as ``np.nonzero``; ``cv2.findNonZero``: ~0.4 ms
    instead of ~2.7 ms at 100 dpi), evenly thinned to ``_MAX_POINTS``."""
    found = cv2.findNonZero(np.ascontiguousarray(mask).view(np.uint8)) if mask.size else None
    xy = np.zeros((0, 2), np.int32) if found is None else found.reshape(-1, 2)
    if len(xy) > _MAX_POINTS:
        xy = xy[np.linspace(0, len(xy) - 1, _MAX_POINTS).astype(np.int64)]
    return xy[:, 0].astype(np.float64), xy[:, 1].astype(np.float64)


def _profile(xs: np.ndarray, ys: np.ndarray, deg: float) -> np.ndarray:
    return counts(xs, ys, deg).astype(np.float64)


MIN_SCRIPT_LINES = 3  # fewer text lines than this: no script verdict (language routing stays off)
SCRIPT_DPI = 150  # at 100 dpi a thin headline often falls between two pixel rows and vanishes
HEADLINE_INCH = 0.15  # a horizontal ink run this long is a Devanagari headline (Latin has none)
LATIN_BELOW, DEVA_FROM = 0.02, 0.03  # share of a line's ink in headline runs


def line_scripts(gray: np.ndarray, dpi: int, base: int, angle: float) -> tuple[int, int, int]:
    """(Devanagari-like, Latin, unclear) text lines of a grey page turned ``base`` degrees
    clockwise and skewed by ``angle``.

    A Devanagari word hangs from its headline (shirorekha), one horizontal stroke across the
    word; Latin letters have no stroke that long. Per text line, the share of ink in horizontal
    runs of at least HEADLINE_INCH: measured on the evaluation set (8 fonts, 150-300 dpi, blur,
    noise), English lines 0.00-0.06 (0.02+ only when blurred), Hindi lines 0.04-0.35 (the low
    end: table rows of digits). A line of digits only counts as Latin. Analysed at 150 dpi: at
    100 dpi a thin headline often falls between two pixel rows and turns grey.
    """
    profiles = script_profiles(gray, dpi, base, angle)
    if profiles is None:
        return 0, 0, 0
    prof, longp = profiles
    on = prof > 0.08 * prof.max()
    bands: list[tuple[int, int]] = []
    i, n = 0, len(prof)
    while i < n:
        if not on[i]:
            i += 1
            continue
        j = i
        while j < n and on[j]:
            j += 1
        bands.append((i, j))
        i = j
    if not bands:
        return 0, 0, 0
    tall = 0.6 * float(np.median([b - a for a, b in bands]))
    deva = latin = unclear = 0
    for a, b in bands:
        if b - a < max(4.0, tall):  # a strip of lower matras or descenders, not a line
            continue
        share = longp[a:b].sum() / max(prof[a:b].sum(), 1.0)
        if share < LATIN_BELOW:
            latin += 1
        elif share >= DEVA_FROM:
            deva += 1
        else:
            unclear += 1
    return deva, latin, unclear


def script_profiles(gray: np.ndarray, dpi: int, base: int, angle: float) -> tuple[np.ndarray, np.ndarray] | None:
    """(ink, ink in headline runs) per pixel row of the page at SCRIPT_DPI, turned ``base`` and levelled by
    ``angle`` (float64); None without ink."""
    f = min(1.0, SCRIPT_DPI / max(dpi, 1))
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = without_holes(without_surround(small < min(thr, 200.0)), min(dpi, SCRIPT_DPI) / 25.4)
    m8: np.ndarray = without_rules(ink).view(np.uint8)  # a new array's 0/1 bytes: no copy
    m8 = rotate_clockwise(m8, base)
    h, w = m8.shape
    if abs(angle) >= 0.3:
        rot = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
        m8 = cv2.warpAffine(m8, rot, (w, h), flags=cv2.INTER_NEAREST)
    run = max(6, int(round(HEADLINE_INCH * min(dpi, SCRIPT_DPI))))
    box = ink_window(m8, run + 2)  # the dilation and opening reach < run + 2 px from ink: the same rows' sums
    if box is None:
        return None
    m8 = np.ascontiguousarray(m8[box])
    # a thin headline turned by a few degrees becomes a staircase: join the steps vertically
    m8 = cv2.dilate(m8, np.ones((3, 1), np.uint8))
    long_ink = cv2.morphologyEx(m8, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    prof, longp = np.zeros(h), np.zeros(h)
    prof[box[0]], longp[box[0]] = axis_sums(m8, 1), axis_sums(long_ink, 1)
    return (prof, longp) if prof.max() > 0 else None


def script_of_lines(deva: int, latin: int, unclear: int = 0) -> str:
    """Page script from its text lines: "deva", "latin", "mixed" or "" (too few lines)."""
    if deva + latin + unclear < MIN_SCRIPT_LINES:
        return ""
    if latin == 0 and unclear == 0:
        return "deva"
    if deva == 0 and unclear == 0:
        return "latin"
    return "mixed"


def _line_votes(profile: np.ndarray) -> tuple[float, float]:
    """(vote, most possible vote) from the text lines of a horizontal row profile; a vote > 0
    says upright, < 0 upside down. A Devanagari line weighs 1, a Latin line 0.5."""
    if profile.max() <= 0:
        return 0.0, 0.0
    on = profile > 0.08 * profile.max()
    vote, weight = 0.0, 0.0
    i, n = 0, len(profile)
    while i < n:
        if not on[i]:
            i += 1
            continue
        j = i
        while j < n and on[j]:
            j += 1
        band = profile[i:j]
        i = j
        if len(band) < 5:
            continue
        peak = int(np.argmax(band))
        pos = (peak + 0.5) / len(band)
        sharp = band[peak] / (np.median(band) + 1e-9)
        if sharp > 1.6:  # a headline: Devanagari
            vote += 1.0 if pos < 0.5 else -1.0
            weight += 1.0
        else:  # Latin: ascenders put more ink above the x-height band than below
            core = np.nonzero(band >= 0.5 * band.max())[0]
            above, below = band[: core[0]].sum(), band[core[-1] + 1 :].sum()
            weight += 0.5
            if above + below > 0.05 * band.sum():
                vote += 0.5 if above > below else -0.5
    return vote, weight


_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def rotate_clockwise(image: np.ndarray, degrees: int) -> np.ndarray:
    return image if degrees % 360 == 0 else cv2.rotate(image, _ROTATE[degrees % 360])


def detect_orientation_and_skew(
    gray: np.ndarray, dpi: int, options: OcrOptions, *, full: np.ndarray | None = None
) -> tuple[int, float, str, str, SkewEvidence | None]:
    """(clockwise rotation to apply, skew after that rotation, cue used, script of the lines, how
    sure the skew is: only for a skew deskew would remove). Blank page: (0, 0.0, "", "", None)."""
    mask = _ink_mask(gray, dpi)
    if mask.mean() < 0.001:
        return 0, 0.0, "", "", None
    base, angle = 0, 0.0
    xs, ys = _points(mask)
    angle, score = best_angle(xs, ys)
    if options.orientation:
        turned = cv2.rotate(mask.view(np.uint8), cv2.ROTATE_90_CLOCKWISE).view(bool)  # 0/1 bytes both ways
        txs, tys = _points(turned)
        t_angle, t_score = best_angle(txs, tys)
        if t_score > score * 1.1:
            base, angle, mask, xs, ys = 90, t_angle, turned, txs, tys
    script = script_of_lines(*line_scripts(gray, dpi, base, angle)) if options.lang_routing or options.orientation else ""
    evidence = skew_evidence(xs, ys, angle) if options.deskew and abs(angle) >= MIN_SKEW else None
    if not options.orientation:
        return 0, angle, "", script, evidence
    vote, weight = _line_votes(_profile(xs, ys, angle))
    cue = "shape"
    if weight == 0:
        upright = True
    elif abs(vote) >= max(1.5, 0.4 * weight) and script != "latin":
        upright = vote > 0
    else:
        src = full if full is not None else gray
        candidate = _deskew(rotate_clockwise(src, base), angle)
        latin_only = script == "latin" and options.lang_latin in installed_languages()
        probe = _probe_upright(candidate, options, dpi, options.lang_latin if latin_only else None)
        # a turn on weak evidence is not proposed: the page is read as scanned first, and a doubtful
        # reading is read the other ways up (ocr/upright.py, ADR 0055)
        upright = probe.upright or probe.weak
        cue = "tesseract" if probe.upright or not probe.weak else f"{WEAK}({probe.note()})"
    rotation = base if upright else (base + 180) % 360  # a 180 turn keeps the skew angle
    return rotation, angle, cue, script, evidence


def _deskew(image: np.ndarray, angle: float, interpolation: int = cv2.INTER_NEAREST) -> np.ndarray:
    """Turn by -angle (undo a counter-clockwise skew), growing the canvas, paper-coloured fill
    (``interpolation``: other resamplings are compared in bench/ocr_deskew_resample.py)."""
    if abs(angle) < MIN_SKEW:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    # Fill with the paper's own colour, not white: on a grey or yellowed copy, white corners made
    # Tesseract's global threshold split paper from corners and read nothing (measured).
    sample = image[::16, ::16].reshape(-1, 1 if image.ndim == 2 else image.shape[2])
    paper = np.median(sample, axis=0)
    fill = float(paper[0]) if image.ndim == 2 else tuple(float(v) for v in paper)
    # Nearest neighbour: Tesseract took ~8 % more CPU on a bilinear-resampled page (its grey
    # edge pixels) and ~1 % more on a nearest one; CER the same (6 A4 pages, docs/benchmarks.md).
    return cv2.warpAffine(image, m, (nw, nh), flags=interpolation, borderValue=fill)


def _crop(image: np.ndarray, gray: np.ndarray, dpi: int, undo: frozenset[str]
          ) -> tuple[np.ndarray, np.ndarray, str, bool]:
    """(image, grey, step, doubtful): dark scanner borders cut, unless ``undo`` names "crop"."""
    cut = border_crop(gray)
    h, w = gray.shape
    left, top, right, bottom = cut
    if not any(cut) or w - left - right <= w // 3 or h - top - bottom <= h // 3 or "crop" in undo:
        return image, gray, "", False
    evidence = crop_evidence(gray, cut, dpi)
    step = f"crop:{left},{top},{right},{bottom}" + ("" if evidence.strong else f"?({evidence.note()})")
    return image[top : h - bottom, left : w - right], gray[top : h - bottom, left : w - right], step, not evidence.strong


def _denoise(image: np.ndarray, gray: np.ndarray, undo: frozenset[str]) -> tuple[np.ndarray, str, bool]:
    """(image, step, doubtful): the 3x3 median where the page has specks for it to remove; always
    doubtful (a median made a speckled page worse in ADR 0004's measurements)."""
    specks = speck_share(gray[::2, ::2] if min(gray.shape) > 2000 else gray)
    if specks < SPECKS or "denoise" in undo:
        return image, "", False
    return cv2.medianBlur(np.ascontiguousarray(image), 3), f"denoise:median3?(specks {specks:.3f})", True


def preprocess(image: np.ndarray, dpi: int, options: OcrOptions,
               ignore: tuple[tuple[int, int, int, int], ...] = (), rotation: int | None = None,
               undo: frozenset[str] = frozenset()) -> Preprocessed:
    """Apply the enabled steps in order: crop, rotate, deskew, denoise.

    ``ignore``: boxes (x, y, w, h) left out of the analysis, e.g. a separator sheet's codes (the
    bars of a PATCH code read as text lines turned 90 degrees); the image itself keeps them.
    ``rotation``: turn the page this much (clockwise) instead of detecting it; the skew and the
    lines' script are measured after the turn (ocr/upright.py reads a page more than one way).
    ``undo``: decisions ("crop", "deskew", "denoise") not to apply; a decision applied on weak
    evidence (ocr/evidence.py) is named in ``doubts``, and ocr/upright.py reads the page without it too; one
    on strong evidence that the reading must confirm (a small deskew) is named in ``checks``."""
    steps: list[str] = []
    doubts: list[str] = []
    checks: list[str] = []
    gray = _gray(image)
    if ignore:
        gray = gray.copy()
        paper = float(np.median(gray[::16, ::16]))
        for x, y, w, h in ignore:
            gray[max(0, y) : y + h, max(0, x) : x + w] = paper
    uncut, crop_step, crop_doubt = image, "", False
    if options.crop_borders:  # the analysis always sees the page without its lid
        image, gray, crop_step, crop_doubt = _crop(image, gray, dpi, undo)
    forced, skew, cue, script, evidence = rotation, 0.0, "", "", None
    if forced is not None:
        image, gray = rotate_clockwise(image, forced), rotate_clockwise(gray, forced)
        options = replace(options, orientation=False)
    rotation = 0
    if options.orientation or options.deskew or options.lang_routing:
        rotation, skew, cue, script, evidence = detect_orientation_and_skew(gray, dpi, options, full=image)
    deskew = options.deskew and abs(skew) >= MIN_SKEW and "deskew" not in undo
    if crop_step and not deskew:  # a lid on a level page reads as well as cut (ADR 0027): leave it
        image = rotate_clockwise(uncut, forced) if forced is not None else uncut
    elif crop_step:
        steps.append(crop_step)
        doubts += ["crop"] if crop_doubt else []
    if forced is not None:
        rotation, cue = forced % 360, "given"
        if rotation:
            steps.append(f"rotate:{rotation}")
    elif rotation:
        image = rotate_clockwise(image, rotation)
        steps.append(f"rotate:{rotation}")
    residue = abs(skew)
    if deskew:
        image = _deskew(image, skew)
        sure = evidence is None or evidence.strong
        steps.append(f"deskew:{skew:.2f}" + ("" if sure else f"?({evidence.note() if evidence else ''})"))
        doubts += [] if sure else ["deskew"]
        checks += ["deskew"] if sure and abs(skew) < STRONG_SKEW else []  # ADR 0027: a small deskew's reading must confirm it
        residue = 0.0 if abs(skew) < MAX_SKEW - 0.5 else MAX_SKEW  # at the search limit: maybe more
    else:
        skew = 0.0
    if options.denoise:
        image, step, doubtful = _denoise(image, gray, undo)
        steps += [step] if step else []
        doubts += ["denoise"] if doubtful else []
    return Preprocessed(np.ascontiguousarray(image), tuple(steps), rotation, round(skew, 2), cue, script,
                        round(residue, 2), tuple(doubts), tuple(checks))
