#!/usr/bin/python3
"""Turns Debian's `fortunes` quotations into a class-per-folder text data set.

    datasets/fortunes-to-folders.py [--source DIR] [--output DIR] [--force] [category ...]

Reads /usr/share/games/fortunes/<category>.u8 (UTF-8; the plain file when no .u8 exists), where quotations are
separated by lines holding a single '%', and writes

    <output>/train/<category>/NNNN.txt
    <output>/test/<category>/NNNN.txt

NNNN is the quotation's 0-based position in its category file. The split is fixed: every 5th quotation
(positions 4, 9, 14, ...) goes to test, the others to train. Overstriking (a character, a backspace and a
character, old terminals' bold and underline) is replayed as a terminal shows it; trailing spaces are removed and
empty quotations skipped. The output is built in a temporary folder and renamed into place, and a SOURCE file
records the categories and counts: a run with the same categories over an existing, complete output does nothing.
"""
import os
import shutil
import sys

DEFAULT_CATEGORIES = ["computers", "politics", "science", "songs-poems"]
TEST_EVERY = 5


def render(line):
    """Replays backspaces as a terminal would: a character typed over another replaces it, except that an
    underscore (underlining) keeps the character under it."""
    cells, pos = [], 0
    for ch in line:
        if ch == "\b":
            pos = max(0, pos - 1)
        elif pos < len(cells):
            if not (ch == "_" and cells[pos] not in " _"):
                cells[pos] = ch
            pos += 1
        else:
            cells.append(ch)
            pos += 1
    return "".join(cells)


def read_quotations(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    entries, current = [], []
    for line in text.split("\n"):
        if line == "%":
            entries.append(current)
            current = []
        else:
            current.append(line)
    entries.append(current)
    result = []
    for lines in entries:
        body = "\n".join(render(l).rstrip() for l in lines).strip("\n")
        result.append(body)
    return result


def main(argv):
    root = os.path.dirname(os.path.abspath(__file__))
    source, output, force, categories = "/usr/share/games/fortunes", os.path.join(root, "fortunes"), False, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--source", "--output"):
            if i + 1 >= len(argv):
                sys.exit(f"fortunes-to-folders: {a} needs a folder")
            if a == "--source":
                source = argv[i + 1]
            else:
                output = os.path.abspath(argv[i + 1])
            i += 2
            continue
        if a == "--force":
            force = True
        elif a.startswith("-"):
            sys.exit(f"fortunes-to-folders: unknown option {a}; usage: [--source DIR] [--output DIR] [--force] [category ...]")
        else:
            categories.append(a)
        i += 1
    categories = categories or DEFAULT_CATEGORIES
    if not os.path.isdir(source):
        sys.exit(f"fortunes-to-folders: {source} does not exist. Install Debian's 'fortunes' package: apt-get install fortunes")

    stamp_lines = [f"source {source}", f"split every {TEST_EVERY}th quotation (positions 4, 9, ...) to test"]
    plan = []
    for category in categories:
        path = os.path.join(source, category + ".u8")
        if not os.path.isfile(path):
            path = os.path.join(source, category)
        if not os.path.isfile(path):
            available = sorted(n for n in os.listdir(source) if "." not in n and os.path.isfile(os.path.join(source, n)))
            sys.exit(f"fortunes-to-folders: no category '{category}' in {source}; available: {' '.join(available)}")
        quotations = read_quotations(path)
        train = [(n, q) for n, q in enumerate(quotations) if q.strip() and n % TEST_EVERY != TEST_EVERY - 1]
        test = [(n, q) for n, q in enumerate(quotations) if q.strip() and n % TEST_EVERY == TEST_EVERY - 1]
        plan.append((category, train, test))
        stamp_lines.append(f"{category} train={len(train)} test={len(test)}")
    stamp = "\n".join(stamp_lines) + "\n"

    stamp_path = os.path.join(output, "SOURCE")
    if not force and os.path.isfile(stamp_path):
        with open(stamp_path, encoding="utf-8") as f:
            if f.read() == stamp:
                print(f"{output} is up to date ({', '.join(categories)}).")
                return

    temporary = output + f".tmp{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    for category, train, test in plan:
        for split, items in (("train", train), ("test", test)):
            folder = os.path.join(temporary, split, category)
            os.makedirs(folder)
            for n, text in items:
                with open(os.path.join(folder, f"{n:04d}.txt"), "w", encoding="utf-8", newline="\n") as f:
                    f.write(text + "\n")
    with open(os.path.join(temporary, "SOURCE"), "w", encoding="utf-8") as f:
        f.write(stamp)
    if os.path.exists(output):
        old = output + f".old{os.getpid()}"
        os.rename(output, old)
        os.rename(temporary, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.makedirs(os.path.dirname(output), exist_ok=True)
        os.rename(temporary, output)
    for line in stamp_lines[2:]:
        print(line)
    print(f"Wrote {output}/{{train,test}}/<category>/NNNN.txt")


if __name__ == "__main__":
    main(sys.argv[1:])
