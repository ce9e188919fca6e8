#!/usr/bin/env bash
run() {
  cat
}
