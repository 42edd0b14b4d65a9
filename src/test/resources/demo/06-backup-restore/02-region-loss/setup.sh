#!/bin/sh

oc delete project north-america
