#!/usr/bin/env bash
# Scores the demo model on DaNE test with CoNLL's own conlleval script, the independent reference for the
# figures CliTest.evaluateGivesConllevalsFiguresToItsPrintedPrecision asks of `evaluate`. Needs conlleval.pl
# (the CoNLL-2000 shared task's script; pass its path) and Perl; never run by the tests.
#   testdata/dane/conlleval-reference.sh /path/to/conlleval.pl
set -euo pipefail
cd "$(dirname "$0")/../.."
conlleval=${1:?usage: conlleval-reference.sh /path/to/conlleval.pl}
# token, gold label with MISC mapped to O (the demo model has no MISC), predicted label: conlleval's columns.
java -jar target/bert-ner-cli.jar tag --pretokenized < testdata/dane/ddt.test.bio.tsv \
  | awk -F'\t' 'NF == 0 { print ""; next } { gold = $(NF-1); sub(/^[BI]-MISC$/, "O", gold); print $1, gold, $NF }' \
  | perl "$conlleval"
