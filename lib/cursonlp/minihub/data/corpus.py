"""An English encyclopedic corpus in the wikitext raw style, generated from templates and word lists.

Each article is a title line (" = Lisbon = "), paragraphs and section headings (" = = History = = "),
one per row, with empty rows between them, as in wikitext. Two disjoint banks write it:
`TRAIN` (the train split) and `HELDOUT` (validation and test) use other entities (cities, people,
animals, libraries...), other sentence templates and other word lists, so that a model scored on the
held-out splits is scored on phrasings it never saw.

A template section is a list of slots; a slot is a list of alternative sentences. An article keeps
the first slot of each section and a random subset of the others, in order.
"""
from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    entities: list[dict[str, str]]
    sections: dict[str, list[list[str]]]  # heading -> slots; the first section is the lead (no heading)
    words: dict[str, list[str]]           # random fillers: {key} and {key2} are two distinct picks
    weight: int = 1                       # how often its articles are drawn (the course's domain: more)


def _rows(keys: str, rows: list[tuple[str, ...]]) -> list[dict[str, str]]:
    names = keys.split()
    bad = [row for row in rows if len(row) != len(names)]
    if bad:
        raise ValueError(f"rows must have the fields {names}: {bad}")
    return [dict(zip(names, row)) for row in rows]


CITY_KEYS = "name country water capital"
SCIENTIST_KEYS = "name nat field area work pron"
CONCEPT_KEYS = "name ref definition purpose"
LIBRARY_KEYS = "name ref kind purpose maker"
COMPANY_KEYS = "name city year activity"
ANIMAL_KEYS = "name plural cls habitat diet"
COURSE_KEYS = "name ref subject"

# ---------------------------------------------------------------- train bank
TRAIN = [
    Topic(_rows(CITY_KEYS, [
        ("Lisbon", "Portugal", "on the estuary of the Tagus", "yes"),
        ("Porto", "Portugal", "on the banks of the Douro", ""),
        ("Madrid", "Spain", "in the centre of the Iberian Peninsula", "yes"),
        ("Barcelona", "Spain", "on the Mediterranean coast", ""),
        ("Paris", "France", "on the banks of the Seine", "yes"),
        ("Lyon", "France", "where the Rhône meets the Saône", ""),
        ("Berlin", "Germany", "on the banks of the Spree", "yes"),
        ("Hamburg", "Germany", "on the river Elbe", ""),
        ("Munich", "Germany", "on the river Isar", ""),
        ("Rome", "Italy", "on the banks of the Tiber", "yes"),
        ("Vienna", "Austria", "on the Danube", "yes"),
        ("Prague", "the Czech Republic", "on the Vltava river", "yes"),
        ("Amsterdam", "the Netherlands", "on the river Amstel", "yes"),
        ("London", "the United Kingdom", "on the river Thames", "yes"),
        ("Edinburgh", "Scotland", "near the Firth of Forth", "yes"),
        ("Dublin", "Ireland", "at the mouth of the Liffey", "yes"),
        ("New York", "the United States", "at the mouth of the Hudson River", ""),
        ("Chicago", "the United States", "on the shore of Lake Michigan", ""),
        ("Toronto", "Canada", "on the shore of Lake Ontario", ""),
        ("Tokyo", "Japan", "on Tokyo Bay", "yes"),
        ("Cairo", "Egypt", "on the banks of the Nile", "yes"),
        ("Buenos Aires", "Argentina", "on the Río de la Plata", "yes"),
        ("Rio de Janeiro", "Brazil", "on Guanabara Bay", ""),
        ("Recife", "Brazil", "on the Atlantic coast", ""),
    ]), {
        "": [["{name} is {role}.", "{name} is {role_alt}."],
             ["It lies {water}.", "The city lies {water}.", "The city was built {water}."],
             ["{name} is known for its {place} and its {place2}.",
              "The city is famous for its {place} and {place2}."],
             ["Every year, many tourists visit {name} to see its {place}.",
              "Millions of people visit the city every year."]],
        "History": [["The history of {name} goes back many centuries.",
                     "{name} has a long and rich history."],
                    ["Over the centuries, the city grew into an important centre of {activity}.",
                     "For a long time, {name} was a centre of {activity} and {activity2}."],
                    ["Many old buildings in the city centre are still standing today.",
                     "Several of its churches were built hundreds of years ago."],
                    ["The population of the city grew quickly in the twentieth century."]],
        "Economy": [["Tourism is an important part of the local economy.",
                     "{name} has a strong economy based on {sector} and {sector2}."],
                    ["Many companies have their main offices in the city."],
                    ["Its universities attract students from the rest of the world."]],
        "Culture": [["{name} is home to several universities, museums and theatres.",
                     "The city has many {place} and {place2}."],
                    ["Local food, music and festivals are an important part of life in {name}."],
                    ["Public transport in {name} includes {transport}.", "The city has {transport}."],
                    ["In summer, the streets and {place} of {name} are full of people.",
                     "Many people travel to {name} by plane, because the city has a large airport."]],
    }, {
        "place": ["museums", "parks", "bridges", "old churches", "markets", "squares", "gardens",
                  "theatres", "libraries", "historic buildings"],
        "activity": ["trade", "culture", "art", "science", "commerce", "education"],
        "sector": ["services", "tourism", "industry", "trade", "finance"],
        "transport": ["buses and trains", "a metro system and buses", "trams, buses and trains"],
    }),
    Topic(_rows(SCIENTIST_KEYS, [
        ("Marie Curie", "Polish-French", "physicist and chemist", "physics and chemistry",
         "the study of radioactivity", "she"),
        ("Isaac Newton", "English", "physicist and mathematician", "physics",
         "the laws of motion and the theory of gravity", "he"),
        ("Albert Einstein", "German-born", "physicist", "physics", "the theory of relativity", "he"),
        ("Charles Darwin", "English", "naturalist", "biology",
         "the theory of evolution by natural selection", "he"),
        ("Ada Lovelace", "English", "mathematician", "computing",
         "the first published program for a calculating machine", "she"),
        ("Alan Turing", "English", "mathematician and computer scientist", "computer science",
         "the idea of a universal computing machine", "he"),
        ("Rosalind Franklin", "English", "chemist", "biology",
         "the X-ray images that revealed the structure of DNA", "she"),
        ("Galileo Galilei", "Italian", "astronomer and physicist", "astronomy",
         "observations of the sky with the telescope", "he"),
        ("Gregor Mendel", "Austrian", "biologist", "genetics", "the laws of heredity", "he"),
        ("Dmitri Mendeleev", "Russian", "chemist", "chemistry", "the periodic table of the elements", "he"),
        ("Claude Shannon", "American", "mathematician and engineer", "information theory",
         "the mathematical theory of communication", "he"),
        ("Grace Hopper", "American", "computer scientist", "programming",
         "early work on compilers for programming languages", "she"),
        ("Louis Pasteur", "French", "chemist and microbiologist", "medicine",
         "the development of vaccines and pasteurisation", "he"),
        ("Emmy Noether", "German", "mathematician", "mathematics", "fundamental work in abstract algebra",
         "she"),
        ("Michael Faraday", "English", "scientist", "physics", "discoveries in electricity and magnetism",
         "he"),
        ("Johannes Kepler", "German", "astronomer", "astronomy", "the laws of planetary motion", "he"),
        ("Carl Friedrich Gauss", "German", "mathematician", "mathematics",
         "contributions to number theory and statistics", "he"),
    ]), {
        "": [["{name} was {a_nat} {field}.", "{name} was {a_nat} {field} whose work shaped {area}."],
             ["{Pron} is known for {work}.", "{name} is best known for {work}."],
             ["{Poss} ideas changed the history of {area}.", "{Poss} work had a deep influence on {area}."]],
        "Work": [["{name} spent many years working on problems in {area}.",
                  "Most of {poss} life was dedicated to {area}."],
                 ["{Pron} wrote many papers and letters about {poss} research.",
                  "{Pron} published {poss} results in several papers."],
                 ["Other scientists soon began to build on {poss} results."],
                 ["{Pron} was known as a careful and patient researcher.",
                  "{Pron} worked with many other scientists from several countries."]],
        "Legacy": [["Today, {name} is remembered as one of the great scientists in the history of {area}.",
                    "{name} is still studied in {area} courses around the world."],
                   ["Many schools, prizes and streets are named after {obj}.",
                    "{name} received many awards and prizes during {poss} life."],
                   ["At first, few people understood {poss} ideas, but they were soon accepted."],
                   ["Students who learn {area} still read about {work}."]],
    }, {}),
    Topic(_rows(CONCEPT_KEYS, [
        ("tokenizer", "a tokenizer",
         "a program that splits text into tokens and converts each token into a number",
         "prepare text before it is given to a model"),
        ("attention", "attention",
         "a mechanism that lets a model decide which words of a sentence matter for each word",
         "connect words that are far apart in a sentence"),
        ("transformer", "the transformer", "a neural network architecture built from attention layers",
         "process text, images and sound"),
        ("word embedding", "a word embedding", "a vector of numbers that represents the meaning of a word",
         "compare the meaning of words"),
        ("fine-tuning", "fine-tuning",
         "the process of training a pretrained model a little more on a specific task",
         "adapt a general model to a new task with little data"),
        ("pretraining", "pretraining",
         "the first stage of training, in which a model learns from a very large amount of text",
         "give a model a general knowledge of a language"),
        ("language model", "a language model", "a model that assigns probabilities to sequences of words",
         "generate text or complete sentences"),
        ("named entity recognition", "named entity recognition",
         "the task of finding names of people, places and organisations in a text",
         "extract information from documents"),
        ("sentiment analysis", "sentiment analysis",
         "the task of deciding whether a text expresses a positive or a negative opinion",
         "study reviews and comments"),
        ("text classification", "text classification", "the task of assigning a label to a piece of text",
         "sort emails, reviews and news articles"),
        ("question answering", "question answering",
         "the task of finding the answer to a question in a given text",
         "build search tools and assistants"),
        ("summarization", "summarization", "the task of producing a short version of a long text",
         "read long reports quickly"),
        ("machine translation", "machine translation",
         "the task of translating text from one language to another",
         "read documents written in other languages"),
        ("perplexity", "perplexity", "a measure of how well a language model predicts a text",
         "compare language models"),
        ("gradient descent", "gradient descent",
         "an optimization method that changes the weights of a model step by step",
         "train neural networks"),
        ("learning rate", "the learning rate",
         "a number that controls how much the weights change at each training step",
         "control the speed of training"),
        ("byte pair encoding", "byte pair encoding",
         "a tokenization algorithm that merges frequent pairs of characters",
         "split rare words into smaller pieces"),
        ("encoder", "an encoder",
         "the part of a model that reads the input and builds a representation of it",
         "understand a sentence as a whole"),
        ("decoder", "a decoder", "the part of a model that produces the output one token at a time",
         "generate text"),
        ("pipeline", "a pipeline",
         "a function that groups the preprocessing, the model and the postprocessing",
         "try a model with a single line of code"),
    ]), {
        "": [["In machine learning, {ref} is {definition}.",
              "In natural language processing, {ref} is {definition}.",
              "{Ref} is {definition}."],
             ["It is used to {purpose}.", "{Ref} is often used to {purpose}.",
              "Researchers use {ref} to {purpose}."],
             ["The idea is simple, but it is very powerful.",
              "It is one of the most common ideas in modern NLP.",
              "The concept appears in almost every modern NLP system."]],
        "In practice": [["The Transformers library makes it easy to work with {ref}.",
                         "With the Transformers library, you can use {ref} in a few lines of Python."],
                        ["Chapter {num} of the course explains {ref} with examples.",
                         "The course explains {ref} step by step, with code examples."],
                        ["It is a good idea to try {ref} on a small dataset first.",
                         "A simple example is usually enough to understand {ref}."],
                        ["Research papers about {ref} are published every year."]],
        "History": [["Early systems did not use {ref}.",
                     "The idea of {ref} became popular with the rise of deep learning."],
                    ["Since then, {ref} has become a standard tool for many tasks."]],
    }, {"num": ["one", "two", "three", "four", "five", "six", "seven"]}, weight=2),
    Topic(_rows(LIBRARY_KEYS, [
        ("Transformers", "the Transformers library", "an open-source Python library",
         "provides thousands of pretrained models for text, vision and audio", "Hugging Face"),
        ("Datasets", "the Datasets library", "an open-source Python library",
         "loads and processes datasets of any size with a few lines of code", "Hugging Face"),
        ("Tokenizers", "the Tokenizers library", "a fast library written in Rust",
         "trains and runs the tokenizers used by modern language models", "Hugging Face"),
        ("Accelerate", "the Accelerate library", "a Python library",
         "runs the same training code on one or many GPUs", "Hugging Face"),
        ("Evaluate", "the Evaluate library", "a Python library",
         "computes metrics such as accuracy, F1 and BLEU", "Hugging Face"),
        ("PyTorch", "PyTorch", "an open-source deep learning framework",
         "builds and trains neural networks with tensors and automatic differentiation", "Meta"),
        ("TensorFlow", "TensorFlow", "an open-source machine learning framework",
         "builds and deploys machine learning models", "Google"),
        ("NumPy", "NumPy", "a Python library for numerical computing", "works with large arrays of numbers",
         "a community of volunteers"),
        ("pandas", "pandas", "a Python library for data analysis",
         "reads, cleans and transforms tables of data",
         "a community of volunteers"),
        ("scikit-learn", "scikit-learn", "a Python library for machine learning",
         "offers simple tools for classification, regression and clustering", "a community of researchers"),
        ("Jupyter", "Jupyter", "an open-source project",
         "lets people write notebooks that mix code, text and plots",
         "a community of volunteers"),
        ("Matplotlib", "Matplotlib", "a Python library", "draws plots and charts",
         "a community of volunteers"),
        ("Python", "Python", "a programming language", "is known for its simple and readable syntax",
         "the Python Software Foundation"),
        ("Git", "Git", "a version control system", "tracks changes in source code",
         "a large community of developers"),
        ("Linux", "the Linux kernel", "an open-source operating system kernel",
         "runs on most of the servers in the world",
         "thousands of developers around the world"),
    ]), {
        "": [["{name} is {kind} developed by {maker}.", "{name} is {kind}."],
             ["It {purpose}.", "{Ref} {purpose}."],
             ["It is free and open source.", "Its source code is available on GitHub."]],
        "Usage": [["Many courses about machine learning use {name} in their examples.",
                   "{name} is widely used in research and in industry."],
                  ["Installing {name} takes only a few minutes.",
                   "It is easy to get started with {name}, even for beginners."],
                  ["The documentation of {name} contains many tutorials and examples."],
                  ["People like {name} because its documentation is clear.",
                   "Questions about {name} can be asked in its forum."]],
        "History": [["Since its first release, {name} has grown quickly.",
                     "Its community has grown quickly since the first release."],
                    ["Thousands of people have contributed to {name}."]],
    }, {}, weight=2),
    Topic(_rows(COMPANY_KEYS, [
        ("Hugging Face", "New York", "2016",
         "builds open-source tools for machine learning and hosts the Hugging Face Hub"),
        ("Google", "Mountain View", "1998",
         "is known for its search engine and for its research in artificial intelligence"),
        ("Microsoft", "Redmond", "1975", "develops the Windows operating system and many other products"),
        ("Apple", "Cupertino", "1976", "designs phones, computers and software"),
        ("NVIDIA", "Santa Clara", "1993",
         "designs the graphics processors used to train deep learning models"),
        ("IBM", "Armonk", "1911", "sells computers, software and consulting services"),
        ("Mozilla", "San Francisco", "2003", "develops the Firefox web browser"),
        ("Meta", "Menlo Park", "2004",
         "runs social networks and publishes research in artificial intelligence"),
    ]), {
        "": [["{name} is a technology company based in {city}.", "{name} is a company based in {city}."],
             ["It was founded in {year}.", "The company was founded in {year}."],
             ["{name} {activity}.", "Today, the company {activity}."]],
        "Products": [["Its products are now used by millions of people.",
                      "Millions of people use the products of {name} every day."],
                     ["The company employs engineers and researchers in many countries."],
                     ["{name} also contributes to open-source projects."],
                     ["The company has grown quickly since it was founded."]],
    }, {}),
    Topic(_rows(ANIMAL_KEYS, [
        ("red fox", "red foxes", "mammal", "the forests, fields and cities of the Northern Hemisphere",
         "small animals, insects and fruit"),
        ("grey wolf", "grey wolves", "mammal", "the forests and mountains of North America, Europe and Asia",
         "deer and other large animals"),
        ("brown bear", "brown bears", "mammal", "the forests and mountains of the north",
         "roots, berries, fish and small animals"),
        ("African elephant", "African elephants", "mammal", "the savannas and forests of Africa",
         "grass, leaves and bark"),
        ("giraffe", "giraffes", "mammal", "the savannas of Africa", "the leaves of tall trees"),
        ("lion", "lions", "mammal", "the grasslands of Africa", "zebras, antelopes and other large animals"),
        ("bottlenose dolphin", "bottlenose dolphins", "marine mammal", "warm and temperate seas",
         "fish and squid"),
        ("humpback whale", "humpback whales", "marine mammal", "all the major oceans",
         "krill and small fish"),
        ("emperor penguin", "emperor penguins", "bird", "the ice and cold waters of Antarctica",
         "fish, krill and squid"),
        ("bald eagle", "bald eagles", "bird", "North America, near lakes and rivers", "fish"),
        ("barn owl", "barn owls", "bird", "open fields on almost every continent",
         "mice and other small rodents"),
        ("honey bee", "honey bees", "insect", "gardens, fields and forests", "nectar and pollen"),
        ("monarch butterfly", "monarch butterflies", "insect", "North America", "nectar from flowers"),
        ("green sea turtle", "green sea turtles", "reptile", "tropical and subtropical seas",
         "seagrass and algae"),
        ("red kangaroo", "red kangaroos", "mammal", "the dry plains of Australia", "grass and other plants"),
        ("giant panda", "giant pandas", "mammal", "the mountain forests of China", "bamboo"),
        ("jaguar", "jaguars", "mammal", "the rainforests of Central and South America",
         "capybaras, deer and fish"),
        ("capybara", "capybaras", "mammal", "the wetlands of South America", "grass and water plants"),
    ]), {
        "": [["The {name} is a {cls} that lives in {habitat}.", "The {name} is a {cls} found in {habitat}."],
             ["It feeds mainly on {diet}.", "Its diet consists mostly of {diet}."],
             ["{Plural} are well adapted to their environment."]],
        "Description": [["Scientists have studied the behaviour of {plural} for many years."],
                        ["The {name} is easy to recognise by its shape and colours."],
                        ["Young {plural} learn quickly from the adults."],
                        ["{Plural} can travel long distances to find food.",
                         "Children love to watch {plural} at the zoo."]],
        "Conservation": [["Some populations of the {name} are threatened by the loss of their habitat.",
                          "The loss of natural habitat is a threat to {plural} in some regions."],
                         ["In many countries, {plural} are protected by law."],
                         ["Zoos and research centres help to protect the {name}.",
                          "Climate change is another threat to the {name}."]],
    }, {}),
    Topic(_rows(COURSE_KEYS, [
        ("Hugging Face Course", "the Hugging Face Course",
         "natural language processing with the libraries of the Hugging Face ecosystem"),
        ("Introduction to Transformers", "the course Introduction to Transformers",
         "transformer models and how to use them"),
        ("Practical Deep Learning", "the course Practical Deep Learning",
         "deep learning for people who already know how to program"),
        ("Natural Language Processing", "the course Natural Language Processing",
         "the methods that computers use to understand human language"),
        ("Machine Learning Foundations", "the course Machine Learning Foundations",
         "the mathematics and algorithms behind machine learning"),
        ("Python for Data Science", "the course Python for Data Science",
         "the Python tools used to analyse data"),
        ("Deep Learning for Text", "the course Deep Learning for Text", "neural networks for text"),
    ]), {
        "": [["{Ref} is a free online course about {subject}.", "{Ref} is a course about {subject}."],
             ["This course will teach you all about {adj} models.",
              "This course will teach you all about {adj} models and how to use them."],
             ["In this course, we will teach you how to {task}.",
              "In this course, we will teach you how to {task} and how to {task2}."]],
        "Content": [["The first chapters explain how to {task}.",
                     "The first chapters show you how to {task}."],
                    ["Later chapters teach you how to {task}."],
                    ["Each chapter ends with a short quiz.", "Every chapter has exercises and a short quiz."],
                    ["The lessons include short videos and notebooks."],
                    ["You will need a basic knowledge of Python to follow the course.",
                     "To follow the course, you should know the basics of Python."]],
        "Goals": [["By the end of the course, you will be able to {task}.",
                   "After this course, you will know how to {task}."],
                  ["The course is free and open to everyone.", "All the material of the course is free."],
                  ["You can ask questions about the course in the forum."],
                  ["At the end, a final project lets you practise what you learned."]],
    }, {
        "adj": ["language", "transformer", "neural", "statistical", "generative", "pretrained",
                "mathematical",
                "computational", "probabilistic", "predictive", "sequence", "encoder", "decoder"],
        "task": ["use pretrained models", "fine-tune a model on your own data",
                 "train a tokenizer from scratch",
                 "share your models on the Hub", "classify text with a pipeline", "load and process datasets",
                 "evaluate a model with the right metrics", "build a demo for your model",
                 "generate text with a language model", "find names of people and places in a text",
                 "answer questions about a document", "translate sentences between languages",
                 "write a training loop in PyTorch", "train a model on several GPUs"],
    }, weight=3),
]

# ---------------------------------------------------------------- held-out bank
HELDOUT = [
    Topic(_rows(CITY_KEYS, [
        ("Budapest", "Hungary", "on both banks of the Danube", "yes"),
        ("Warsaw", "Poland", "on the Vistula", "yes"),
        ("Stockholm", "Sweden", "on the coast of the Baltic Sea", "yes"),
        ("Oslo", "Norway", "at the head of the Oslofjord", "yes"),
        ("Montreal", "Canada", "on an island in the Saint Lawrence River", ""),
        ("Seattle", "the United States", "on Puget Sound", ""),
        ("Cape Town", "South Africa", "below Table Mountain", ""),
        ("Lima", "Peru", "on the Pacific coast", "yes"),
        ("Seoul", "South Korea", "on the Han River", "yes"),
        ("Bangkok", "Thailand", "on the Chao Phraya River", "yes"),
        ("Istanbul", "Turkey", "on both sides of the Bosphorus", ""),
        ("Salvador", "Brazil", "on the Bay of All Saints", ""),
        ("Florence", "Italy", "on the Arno", ""),
    ]), {
        "": [["Built {water}, {name} is {role}.", "{name}, {role}, lies {water}."],
             ["Tourists travel to {name} to see its {place} and {place2}.",
              "With its {place} and {place2}, the city is popular with tourists."],
             ["It is an important centre of {sector} in {country}."]],
        "Economy": [["Most people in {name} work in {sector} or {sector2}."],
                    ["Its port and its airport connect the city with the rest of the world."]],
        "Daily life": [["People in {name} usually travel by bus, tram or train."],
                       ["Its {place} are good places to relax in summer."],
                       ["Festivals fill the streets of the city every year."]],
    }, {
        "place": ["harbours", "monuments", "cathedrals", "palaces", "museums", "bridges"],
        "sector": ["services", "tourism", "shipping", "finance", "industry", "technology"],
    }),
    Topic(_rows(SCIENTIST_KEYS, [
        ("Niels Bohr", "Danish", "physicist", "physics", "a model of the atom", "he"),
        ("Lise Meitner", "Austrian", "physicist", "physics", "the discovery of nuclear fission", "she"),
        ("John von Neumann", "Hungarian-American", "mathematician", "computing",
         "the design of the stored-program computer", "he"),
        ("Barbara McClintock", "American", "geneticist", "genetics",
         "the discovery of genes that can move within a genome", "she"),
        ("James Clerk Maxwell", "Scottish", "physicist", "physics", "the equations of electromagnetism",
         "he"),
        ("Dorothy Hodgkin", "British", "chemist", "chemistry",
         "revealing the structures of penicillin and vitamin B12", "she"),
        ("Srinivasa Ramanujan", "Indian", "mathematician", "mathematics",
         "remarkable results in number theory", "he"),
        ("Katherine Johnson", "American", "mathematician", "space flight",
         "calculating the orbits of early space flights", "she"),
        ("Antoine Lavoisier", "French", "chemist", "chemistry", "explaining the role of oxygen in combustion",
         "he"),
    ]), {
        "": [["Among the great scientists of {area} was {name}, {a_nat} {field}.",
              "{name}, {a_nat} {field}, is one of the best known figures in {area}."],
             ["{Poss} most important work was {work}."],
             ["During {poss} life, {name} worked with researchers from many countries."]],
        "Work": [["Other scientists described {obj} as patient and careful."],
                   ["At first, few people understood how important {poss} results were."]],
        "Legacy": [["Today, {poss} results are a standard part of {area} courses."],
                      ["Several prizes now carry {poss} name."]],
    }, {}),
    Topic(_rows(CONCEPT_KEYS, [
        ("beam search", "beam search",
         "a decoding method that keeps several candidate sequences at each step",
         "produce better translations and summaries"),
        ("masked language modelling", "masked language modelling",
         "a training objective in which the model guesses hidden words",
         "pretrain encoder models"),
        ("transfer learning", "transfer learning",
         "the practice of reusing knowledge learned on one task for another task",
         "train good models with small datasets"),
        ("dropout", "dropout", "a technique that randomly switches off parts of a network during training",
         "prevent overfitting"),
        ("cross-entropy loss", "the cross-entropy loss",
         "a loss function that compares predicted and true probabilities",
         "train classifiers and language models"),
        ("softmax", "the softmax function", "a function that turns a vector of scores into probabilities",
         "choose the next token or the predicted class"),
        ("positional encoding", "positional encoding",
         "a way of telling a model where each token is in a sentence",
         "keep track of word order"),
        ("zero-shot classification", "zero-shot classification",
         "classifying text into labels that the model never saw during training",
         "label data without training examples"),
        ("data collator", "a data collator",
         "a function that groups examples into batches and pads them to the same length",
         "prepare batches for training"),
        ("mixed precision", "mixed precision",
         "training with numbers of lower precision to save memory and time",
         "train large models on a GPU"),
    ]), {
        "": [["Put simply, {ref} is {definition}.", "The term {name} describes {definition}."],
             ["Engineers use it to {purpose}.", "A common reason to use {ref} is to {purpose}."]],
        "In practice": [["Most deep learning libraries offer {ref}."],
                         ["Tutorials on {ref} usually begin with a simple example."],
                         ["Understanding {ref} helps students read research papers."]],
    }, {}, weight=2),
    Topic(_rows(LIBRARY_KEYS, [
        ("JAX", "JAX", "a Python library for numerical computing",
         "transforms numerical functions and runs them on accelerators", "Google"),
        ("spaCy", "spaCy", "an open-source library for natural language processing",
         "analyses text with fast and accurate pipelines", "the company Explosion"),
        ("NLTK", "NLTK", "a Python toolkit for natural language processing",
         "offers corpora and simple tools for teaching linguistics", "a group of researchers"),
        ("Keras", "Keras", "a high-level deep learning library", "builds neural networks from simple layers",
         "François Chollet and a community of contributors"),
        ("SciPy", "SciPy", "a Python library for scientific computing",
         "solves problems of optimization, integration and statistics", "a community of volunteers"),
        ("Gradio", "Gradio", "a Python library", "builds web demos for machine learning models",
         "Hugging Face"),
        ("SentencePiece", "SentencePiece", "a tokenization library",
         "trains subword tokenizers directly on raw text", "Google"),
        ("Julia", "Julia", "a programming language", "focuses on fast numerical computing",
         "a group of researchers"),
    ]), {
        "": [["Developed by {maker}, {name} is {kind}."],
             ["In short, {name} {purpose}."]],
        "Usage": [["Developers like {name} because it is reliable and well documented."],
                  ["Questions about {name} are often answered by its community."],
                  ["Several books explain how to get started with {name}."]],
    }, {}, weight=2),
    Topic(_rows(COMPANY_KEYS, [
        ("Intel", "Santa Clara", "1968", "makes processors for personal computers and servers"),
        ("Amazon", "Seattle", "1994", "runs an online store and a large cloud computing service"),
        ("Spotify", "Stockholm", "2006", "offers a service for streaming music and podcasts"),
        ("Samsung", "Suwon", "1938", "makes phones, televisions and memory chips"),
        ("Adobe", "San Jose", "1982", "creates software for design and publishing"),
    ]), {
        "": [["Founded in {year}, {name} is a technology company based in {city}."],
             ["The firm {activity}."]],
        "Products": [["The company has offices in several countries."],
                     ["Its results are followed closely by many people."]],
    }, {}),
    Topic(_rows(ANIMAL_KEYS, [
        ("snow leopard", "snow leopards", "mammal", "the high mountains of Central Asia",
         "wild sheep and goats"),
        ("koala", "koalas", "mammal", "the eucalyptus forests of Australia", "eucalyptus leaves"),
        ("polar bear", "polar bears", "mammal", "the sea ice of the Arctic", "seals"),
        ("chimpanzee", "chimpanzees", "mammal", "the forests of Central and West Africa",
         "fruit, leaves and insects"),
        ("common octopus", "common octopuses", "mollusc", "the rocky coasts of warm seas",
         "crabs and shellfish"),
        ("hippopotamus", "hippopotamuses", "mammal", "the rivers and lakes of Africa", "grass"),
        ("orca", "orcas", "marine mammal", "every ocean of the world",
         "fish, seals and other marine animals"),
        ("platypus", "platypuses", "mammal", "the rivers of eastern Australia",
         "insect larvae, shrimp and worms"),
        ("arctic fox", "arctic foxes", "mammal", "the tundra of the Arctic", "lemmings, birds and eggs"),
    ]), {
        "": [["Found in {habitat}, the {name} is a {cls}."],
             ["Most of its diet is made of {diet}."]],
        "Conservation": [["Researchers follow {plural} to learn how far they travel."],
                    ["Climate change affects the places where {plural} can live."],
                    ["Films about the {name} are popular with children."]],
    }, {}),
    Topic(_rows(COURSE_KEYS, [
        ("Text Mining in Practice", "the workshop Text Mining in Practice",
         "methods to extract information from text"),
        ("Speech and Audio with Transformers", "the tutorial Speech and Audio with Transformers",
         "models for speech recognition and audio classification"),
        ("Foundations of Information Retrieval", "the seminar Foundations of Information Retrieval",
         "search engines and ranking"),
    ]), {
        "": [["{Ref} is a short online programme about {subject}."],
             ["Participants learn how to {skill}."]],
        "Content": [["The lessons combine short videos with notebooks."],
                   ["A final project asks learners to {skill}."]],
    }, {
        "skill": ["index a collection of documents", "rank search results", "transcribe recordings of speech",
                  "detect the language of a text", "compare two sentences",
                  "clean noisy text before training"],
    }, weight=3),
]


def _fields(entity: dict[str, str]) -> dict[str, str]:
    """The entity's own fields plus the derived ones the templates use."""
    f = dict(entity)
    name = f["name"]
    f["Name"] = name[0].upper() + name[1:]
    if "pron" in f:
        she = f["pron"] == "she"
        f.update(Pron=f["pron"].capitalize(), poss="her" if she else "his", obj="her" if she else "him")
        f["Poss"] = f["poss"].capitalize()
        f["a_nat"] = ("an " if f["nat"][0] in "AEIOU" else "a ") + f["nat"]
    if "country" in f:
        capital = bool(f["capital"])
        f["role"] = f"the capital of {f['country']}" if capital else f"a city in {f['country']}"
        f["role_alt"] = (f"the capital city of {f['country']}" if capital
                         else f"one of the main cities of {f['country']}")
    if "plural" in f:
        f["Plural"] = f["plural"][0].upper() + f["plural"][1:]
    f.setdefault("ref", name)
    f["Ref"] = f["ref"][0].upper() + f["ref"][1:]
    return f


def _sentence(template: str, fields: dict[str, str], words: dict[str, list[str]], rng: random.Random) -> str:
    picks = {}
    for key, options in words.items():
        a, b = rng.sample(options, 2)
        picks[key], picks[key + "2"] = a, b
    text = template.format(**fields, **picks)
    return text[0].upper() + text[1:]


def article(topic: Topic, rng: random.Random) -> list[str]:
    """One article as wikitext rows: title, then paragraphs and headings separated by empty rows."""
    fields = _fields(rng.choice(topic.entities))
    rows = ["", f" = {fields['Name']} = \n"]
    for heading, slots in topic.sections.items():
        keep = [slots[0]] + [s for s in slots[1:] if rng.random() < 0.7]
        text = " ".join(_sentence(rng.choice(alts), fields, topic.words, rng) for alts in keep)
        if heading:
            rows += ["", f" = = {heading} = = \n"]
        rows += ["", f" {text} \n"]
    return rows


def wikitext(bank: list[Topic], n_chars: int, seed: int) -> list[str]:
    """Rows of whole articles from `bank` until they hold at least `n_chars` characters."""
    rng = random.Random(seed)
    rows, size = [], 0
    while size < n_chars:
        new = article(rng.choices(bank, [t.weight for t in bank])[0], rng)
        rows += new
        size += sum(map(len, new))
    return rows


def documents(rows: list[str]) -> list[str]:
    """Each article of wikitext `rows` as plain text: its paragraphs, without headings or the wikitext
    leading space, one per line (a title row starts an article)."""
    docs: list[list[str]] = []
    for row in rows:
        if row.startswith(" = ") and not row.startswith(" = = "):
            docs.append([])
        elif docs and row.strip() and not row.startswith(" = "):
            docs[-1].append(row.strip())
    return ["\n".join(paragraphs) for paragraphs in docs]


SPLITS = {"train": (TRAIN, 240_000, 1), "validation": (HELDOUT, 24_000, 2), "test": (HELDOUT, 24_000, 3)}


def splits() -> dict[str, list[str]]:
    """The rows of each split of the wikitext stand-in (train from TRAIN, the others from HELDOUT)."""
    return {name: wikitext(bank, n, seed) for name, (bank, n, seed) in SPLITS.items()}
