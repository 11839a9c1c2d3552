package io.fluxion.server;
