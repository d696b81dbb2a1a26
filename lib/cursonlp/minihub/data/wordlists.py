"""English word lists for the generated NER and QA data of the mini-hub.

`TRAIN` feeds the training splits (and the pre-training text); `HELDOUT` feeds the evaluation
splits. The two never share a name, so the quality checks measure generalisation to unseen
entities. Organisations and people are invented; places are real.
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Words:
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    cities: tuple[str, ...]
    countries: tuple[str, ...]
    organisations: tuple[str, ...]
    companies: tuple[str, ...]       # organisations that can take "company" / "employer" questions
    universities: tuple[str, ...]
    nationalities: tuple[str, ...]   # MISC in CoNLL-2003
    events: tuple[str, ...]          # MISC in CoNLL-2003
    rivers: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


TRAIN = Words(
    first_names=_split("""
        James, Mary, John, Patricia, Robert, Jennifer, Michael, Linda, William, Elizabeth, David,
        Barbara, Richard, Susan, Joseph, Jessica, Thomas, Sarah, Charles, Karen, Daniel, Nancy,
        Matthew, Lisa, Anthony, Betty, Mark, Margaret, Paul, Sandra, Steven, Ashley, Andrew, Emily,
        Joshua, Donna, Kevin, Michelle, Brian, Carol, George, Amanda, Edward, Melissa, Ronald,
        Deborah, Timothy, Stephanie, Jason, Rebecca, Jeffrey, Laura, Ryan, Helen, Jacob, Sharon,
        Gary, Cynthia, Nicholas, Kathleen, Eric, Amy, Jonathan, Shirley, Stephen, Angela, Larry,
        Anna, Justin, Ruth, Scott, Brenda, Frank, Pamela, Brandon, Nicole, Raymond, Katherine,
        Pierre, Amelie, Hans, Greta, Luca, Giulia, Pedro, Lucia, Mateus, Ingrid, Olaf, Yuki, Kenji,
        Wei, Mei, Arjun, Priya, Omar, Fatima, Dmitri, Olga, Sven, Astrid, Jamal, Zainab, Tomasz,
        Agnieszka, Rafael, Camila, Nikos, Eleni, Aziz, Leila"""),
    surnames=_split("""
        Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Wilson,
        Anderson, Taylor, Thomas, Moore, Jackson, Martin, Lee, Thompson, White, Harris, Clark,
        Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott, Torres, Nguyen, Hill, Flores,
        Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell, Carter, Roberts, Turner,
        Phillips, Parker, Evans, Edwards, Collins, Stewart, Morris, Murphy, Cook, Rogers, Morgan,
        Cooper, Peterson, Reed, Bailey, Bell, Kelly, Howard, Ward, Cox, Richardson, Wood, Watson,
        Brooks, Bennett, Gray, Hughes, Price, Sanders, Dubois, Lefebvre, Moreau, Schmidt, Weber,
        Becker, Rossi, Bianchi, Ferrari, Silva, Santos, Oliveira, Larsen, Hansen, Tanaka, Suzuki,
        Sato, Wang, Zhang, Chen, Sharma, Patel, Gupta, Haddad, Nasser, Ivanov, Petrov, Kowalski,
        Nowak, Johansson, Lindqvist, Papadopoulos, Yilmaz, Okafor, Mensah, Kruger, Novak"""),
    cities=_split("""
        London, Paris, Berlin, Madrid, Rome, Vienna, Prague, Warsaw, Budapest, Lisbon, Dublin,
        Amsterdam, Brussels, Copenhagen, Stockholm, Oslo, Helsinki, Athens, Istanbul, Moscow,
        Cairo, Nairobi, Lagos, Johannesburg, Tokyo, Osaka, Seoul, Beijing, Shanghai, Mumbai, Delhi,
        Bangkok, Jakarta, Manila, Sydney, Melbourne, Auckland, Toronto, Montreal, Vancouver,
        Chicago, Boston, Seattle, Denver, Houston, Dallas, Atlanta, Miami, Phoenix, Detroit,
        Philadelphia, San Francisco, Los Angeles, New York, Mexico City, Bogota, Lima, Santiago,
        Buenos Aires, Sao Paulo, Rio de Janeiro, Manchester, Liverpool, Glasgow, Edinburgh, Lyon,
        Marseille, Munich, Hamburg, Frankfurt, Milan, Naples, Barcelona, Seville, Porto, Geneva,
        Zurich, Antwerp, Rotterdam, Krakow, Kyoto, Hanoi"""),
    countries=_split("""
        France, Germany, Spain, Italy, Portugal, Britain, Ireland, Belgium, Netherlands, Denmark,
        Sweden, Norway, Finland, Poland, Austria, Hungary, Greece, Turkey, Russia, Egypt, Kenya,
        Nigeria, Japan, China, India, Thailand, Indonesia, Australia, Canada, Mexico, Brazil,
        Argentina, Chile, Peru, Colombia, Switzerland, Scotland, Korea, Vietnam, Morocco"""),
    organisations=_split("""
        United Nations, European Union, World Bank, Red Cross, Reuters, Parliament, Senate,
        Supreme Court, Interior Ministry, Finance Ministry, City Council, National Museum,
        Liberal Party, Labour Party, Green Party, Central Bank, Stock Exchange, Football Association,
        Olympic Committee, Harbor City FC, Riverside United, Northfield Rovers, Eastport Athletic,
        Westbridge Wanderers, Kingsport Rangers"""),
    companies=_split("""
        Northwind Traders, Blue Harbor Bank, Apex Dynamics, Silverline Motors, Redwood Systems,
        Granite Insurance, Pioneer Airlines, Summit Foods, Horizon Media, Ironclad Steel,
        Lakeside Pharma, Brightwave Energy, Cobalt Robotics, Evergreen Logistics, Falcon Software,
        Golden Gate Capital, Helix Biotech, Orion Telecom, Quantum Labs, Sapphire Hotels,
        Starlight Studios, Titan Shipping, Vertex Analytics, Willow Publishing, Zenith Chemicals,
        Open Circuit, Green Lantern Games, Happy Otter, Paper Kite, Smiling Fox, Little Cloud,
        Silver Fern, Crimson Oak, Bright Side, Blue Whale, Copperfield, Datastream, Nimbus,
        Voltara, Acme, Globex, Initech, Umbrella Corp, Stark Industries, Wayne Enterprises,
        Cyberdyne, Tyrell Corporation, Soylent, Hooli, Vandelay Industries"""),
    universities=_split("""
        Oxford University, Harvard University, Stanford University, Yale University,
        University of Toronto, University of Tokyo, Sorbonne University, Heidelberg University,
        University of Sydney, Imperial College, MIT, University of Cape Town"""),
    nationalities=_split("""
        French, German, Spanish, Italian, Portuguese, British, Irish, Belgian, Dutch, Danish,
        Swedish, Norwegian, Polish, Austrian, Greek, Turkish, Russian, Egyptian, Kenyan, Nigerian,
        Japanese, Chinese, Indian, Australian, Canadian, Mexican, Brazilian, Argentine, Chilean,
        European, African, Asian"""),
    events=_split("""
        World Cup, Olympic Games, Tour de France, Champions League, Australian Open, Wimbledon,
        Davis Cup, Grand Prix, European Championship, Super Bowl, Asian Games, Nobel Prize"""),
    rivers=_split("Thames, Seine, Danube, Rhine, Tiber, Volga, Nile, Ganges, Amazon, Mississippi"),
)

HELDOUT = Words(
    first_names=_split("""
        Oliver, Charlotte, Henry, Amelia, Theodore, Harper, Benjamin, Evelyn, Sebastian, Abigail,
        Julian, Scarlett, Isaac, Hazel, Caleb, Violet, Adrian, Aurora, Vincent, Stella, Felix,
        Clara, Hugo, Ines, Matteo, Chiara, Joaquin, Valentina, Rohan, Ananya, Hiroshi, Sakura,
        Tariq, Yasmin, Bjorn, Freya, Kwame, Amara, Stefan, Milena, Laszlo, Dorota"""),
    surnames=_split("""
        Fletcher, Harrington, Whitaker, Blackwood, Pemberton, Ashford, Caldwell, Donovan, Ellison,
        Fairbanks, Gallagher, Hawthorne, Kensington, Lockhart, Montague, Norwood, Prescott,
        Quinlan, Rutherford, Sinclair, Thornton, Vaughn, Whitmore, Fontaine, Marchetti, Bergstrom,
        Castellano, Delacroix, Esposito, Yamamoto, Kobayashi, Okonkwo, Abdullah, Mukherjee,
        Volkov, Horvath, Lindgren, Szabo, Kovacs, Haugen"""),
    cities=_split("""
        Bristol, Leeds, Cardiff, Belfast, Bordeaux, Toulouse, Cologne, Stuttgart, Dresden, Turin,
        Florence, Valencia, Bilbao, Gothenburg, Bergen, Tallinn, Riga, Vilnius, Sofia, Bucharest,
        Belgrade, Zagreb, Casablanca, Accra, Dakar, Addis Ababa, Karachi, Dhaka, Kolkata, Chennai,
        Busan, Taipei, Perth, Brisbane, Wellington, Ottawa, Calgary, Portland, Nashville, Austin,
        Minneapolis, Pittsburgh, Havana, Quito, Montevideo, Salvador"""),
    countries=_split("""
        Estonia, Latvia, Lithuania, Bulgaria, Romania, Serbia, Croatia, Ghana, Senegal, Ethiopia,
        Pakistan, Bangladesh, Taiwan, Cuba, Ecuador, Uruguay, Iceland, Slovakia, Tunisia,
        Malaysia"""),
    organisations=_split("""
        Security Council, Health Ministry, Transport Authority, Electoral Commission,
        Chamber of Commerce, Royal Society, Science Academy, Workers Union, Rugby Federation,
        Bayside Albion, Millbrook Town, Stonegate City"""),
    companies=_split("""
        Clearwater Bank, Maplewood Foods, Highland Airways, Seabright Media, Amberline Motors,
        Juniper Networks Group, Kestrel Aerospace, Lumen Health, Meridian Textiles, Nova Mining,
        Oakhurst Energy, Polaris Games, Riverstone Capital, Skyline Builders, Tidewater Freight,
        Umber Labs, Verdant Farms, Wildflower Cosmetics, Purple Koala, Quiet Lake, Tall Pine,
        Sleepy Owl, Yellow Finch, Marble Arch Software, Brickhouse, Lightyear, Pinecone,
        Foxglove, Stormcastle, Moonbeam Robotics"""),
    universities=_split("""
        Cambridge University, Princeton University, Columbia University, University of Melbourne,
        University of Edinburgh, McGill University, Leiden University, University of Bologna"""),
    nationalities=_split("""
        Estonian, Latvian, Bulgarian, Romanian, Serbian, Croatian, Ghanaian, Senegalese,
        Ethiopian, Pakistani, Cuban, Uruguayan, Icelandic, Slovak, Tunisian, Malaysian"""),
    events=_split("""
        Ryder Cup, Commonwealth Games, Giro d'Italia, Stanley Cup, Copa America, Africa Cup,
        Ballon d'Or, Paris Marathon"""),
    rivers=_split("Severn, Loire, Elbe, Po, Vistula, Dnieper, Niger, Mekong"),
)


def entries(words: Words) -> set[str]:
    return {x for f in fields(Words) for x in getattr(words, f.name)}


def overlap(a: Words = TRAIN, b: Words = HELDOUT) -> set[str]:
    """Entries present in both lists (must be empty)."""
    return entries(a) & entries(b)


ONSETS = ("b bl br c ch cl d dr f fl fr g gl gr h j k kr l m n p pl pr qu r s sh sl st t th "
          "tr v w wh z a e i o u").split()
VOWELS = "a e i o u a e o ai ou".split()
CODAS = "n r l s th nd m x".split()
INVENTED_SUFFIXES = {
    "city": ["ton", "burg", "ville", "field", "port", "", "", ""],
    "country": ["ia", "land", "stan", ""],
    "company": ["Systems", "Group", "Labs", "Bank", "Motors", "Foods", "Media", "Energy",
                "Holdings", "Partners", "Industries", "Airlines", "Insurance", "Pharma",
                "Logistics", "Software", "Studios", "Telecom", "Capital", "Robotics", ""],
    "event": ["Cup", "Open", "Games", "Marathon", "Trophy", "Championship", "Rally"],
}


def invented_word(rng, syllables: int | None = None) -> str:
    """A pronounceable made-up word, capitalised (e.g. "Brandor")."""
    n = syllables or rng.choice([2, 2, 3])
    word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(n))
    return (word + (rng.choice(CODAS) if rng.random() < 0.6 else "")).capitalize()


def invented(kind: str, rng) -> str:
    """A made-up entity of `kind`: first, last, city, country, company, nationality or event.
    Training data mixes these with the lists, so models learn from context, not memory."""
    if kind in ("first", "last"):
        return invented_word(rng)
    if kind in ("city", "country"):
        return invented_word(rng, 2) + rng.choice(INVENTED_SUFFIXES[kind])
    if kind == "nationality":
        return invented_word(rng, 2) + rng.choice(["ian", "ese", "ish", "an"])
    suffix = rng.choice(INVENTED_SUFFIXES[kind])
    return f"{invented_word(rng, 2)} {suffix}".strip()
