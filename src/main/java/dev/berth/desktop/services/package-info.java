/**
 * The desktop's narrow services over a running registry — browse, delete, storage and garbage
 * collection, certificates — plain Java, wired in one place ({@link
 * dev.berth.desktop.server.RunningRegistry#over}). Views and view models use only these (and users
 * and settings through their own services), never the engine's stores or use cases: an ArchUnit
 * rule keeps it so, and a remote registry can implement {@link
 * dev.berth.desktop.services.BrowseService} over the HTTP API later.
 */
package dev.berth.desktop.services;
