package io.veille.deploy.scenario;

import java.util.List;

/**
 * The fictional brand of the demo: Ondyne, a French telecom and internet provider (mobile plans,
 * fibre, a TV box), with its accounts, products and competitors. Every name here is invented; the
 * media sites use the reserved {@code .example} domain.
 */
final class Brand {
  private Brand() {}

  static final String NAME = "Ondyne";
  static final String HANDLE_FR = "@ondyne_fr";
  static final String HANDLE_EN = "@ondyne";
  static final String SUPPORT_FR = "@ondyne_aide";
  static final String SUPPORT_EN = "@OndyneHelp";
  static final String HASHTAG = "#Ondyne";

  static final List<String> PRODUCTS_FR = List.of(
      "la Box 5", "la fibre", "le forfait 5G 100 Go", "l'appli Mon Ondyne", "Ondyne TV",
      "le forfait à 9,99€", "le décodeur TV", "la Box Pop", "le forfait Ondyne Séries", "le répéteur wifi");
  static final List<String> PRODUCTS_EN = List.of(
      "the Box 5", "their fibre", "the 5G 100GB plan", "the Mon Ondyne app", "Ondyne TV",
      "the €9.99 plan", "the TV box", "the eSIM", "the wifi extender", "the travel pass");
  static final List<String> COMPETITORS = List.of("Telvana", "Alturo Mobile", "Kapsa Télécom", "Mobéa");
  static final List<String> CITIES_FR = List.of(
      "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux", "Rennes", "Strasbourg", "Montpellier",
      "Grenoble", "Paris", "Rouen", "Dijon", "Brest", "Tours", "Clermont", "Nice", "Metz", "Angers", "Limoges");
  static final List<String> CITIES_EN = List.of(
      "Paris", "Lyon", "Bordeaux", "Nice", "Toulouse", "Montpellier", "Annecy", "Marseille");
  static final List<String> COUNTRIES_FR = List.of("Espagne", "Italie", "Portugal", "Grèce", "Belgique", "Allemagne");
}
