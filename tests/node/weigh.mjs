// X's weighted length of each text by twitter-text 3.1.0, X's own library (parseTweet).
// usage: node weigh.mjs < texts.json   (a JSON array of strings) → [[v3, v2], ...]
// v3 is the default configuration (emoji count 2); v2 weighs an emoji code point by code point.
import fs from "node:fs";
import twitter from "twitter-text";

const texts = JSON.parse(fs.readFileSync(0, "utf8"));
const v2 = twitter.configs.version2;
const out = texts.map((text) => [twitter.parseTweet(text).weightedLength, twitter.parseTweet(text, v2).weightedLength]);
process.stdout.write(JSON.stringify(out));
